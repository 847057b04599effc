using System.CommandLine;

namespace Signet.Cli.Hosting;

/// <summary>Runs one command's handler with the composed services, and turns any failure into one reported line.</summary>
internal static class CommandRunner
{
    /// <summary>Binds <paramref name="command"/> to <paramref name="handler"/> under the shared error handling.</summary>
    public static Command WithHandler(this Command command, CliContext context, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> handler)
    {
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, handler, cancellationToken));
        return command;
    }

    /// <summary>Runs the handler; exceptions become a reported error and exit code 2.</summary>
    public static async Task<int> RunAsync(CliContext context, ParseResult parseResult, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> handler, CancellationToken cancellationToken)
    {
        try
        {
            var services = CliServices.Build(context);
            await using (services.ConfigureAwait(false))
            {
                return await handler(services, parseResult, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Every failure ends here on purpose: the contract is one line and exit code 2, never a crash dump.
            return ErrorReport.Write(context, parseResult, e);
        }
    }
}
