using System.CommandLine;
using System.CommandLine.Help;
using Signet.Cli.Commands.Completion;
using Signet.Cli.Commands.Images;
using Signet.Cli.Commands.Keys;
using Signet.Cli.Commands.Policy;
using Signet.Cli.Commands.Quickstart;
using Signet.Cli.Commands.Serve;
using Signet.Cli.Hosting;
using Signet.Cli.Output;

namespace Signet.Cli;

/// <summary>The command tree of <c>signet</c> and its invocation with the usage-error contract (one line, exit code 2).</summary>
internal static class SignetCommandLine
{
    /// <summary>Builds the whole tree over <paramref name="context"/>.</summary>
    public static SignetRootCommand Create(CliContext context)
    {
        var root = new SignetRootCommand(context, "Signet: sign container images with vault keys, verify them, and enforce a policy on Kubernetes.")
        {
            new HelpOption(),
            new VersionOption(),
            CliOptions.Output,
            CliOptions.Verbose,
            KeyCommand.Create(context),
            SignCommand.Create(context),
            VerifyCommand.Create(context),
            SignatureCommand.Create(context),
            PolicyCommand.Create(context),
            ServeCommand.Create(context),
            QuickstartCommand.Create(context),
            CompletionCommand.Create(context),
            CompletionCommand.CreateComplete(context),
        };

        // Room for 'signet webhook install|uninstall|status' (deployment issue): it adds one more subcommand here.
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(CliContext context, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parseResult = Create(context).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var command = string.Join(' ', Ancestry(parseResult.CommandResult.Command));
            var json = WantsJson(args);
            ErrorReport.Write(context, json, new ErrorView(
                CliErrorCode.Usage,
                string.Join(" ", Messages(parseResult)),
                $"Run '{command} --help' for usage.",
                ExitCodes.Error));
            return ExitCodes.Error;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Out.Profile.Out.Writer,
            Error = context.Error.Profile.Out.Writer,
            EnableDefaultExceptionHandler = false,

            // Ctrl+C cancels the token; serve and quickstart stop the webhook gracefully within this time.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    // "Required command was not provided" only adds noise next to the unrecognized token that caused it.
    private static IEnumerable<string> Messages(ParseResult parseResult)
    {
        // Some messages list the allowed values one per line; the contract is one line.
        var messages = parseResult.Errors
            .Select(e => string.Join(", ", e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())))
            .Distinct()
            .ToList();
        return messages.Count > 1 ? messages.Where(m => !m.StartsWith("Required command", StringComparison.Ordinal)) : messages;
    }

    // The parse failed, so the option's value cannot be trusted to bind; read the tokens instead.
    private static bool WantsJson(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--output=json" or "-o=json" or "-o:json" or "--output:json"
                || (args[i] is "--output" or "-o" && i + 1 < args.Count && args[i + 1] == "json"))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Ancestry(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return names;
    }
}
