using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Signet.Policy.Loading;
using Spectre.Console;

namespace Signet.Cli.Commands.Policy;

/// <summary>
/// <c>signet policy validate &lt;file&gt;</c>: every error at once, with line and column, and the vault keys it names
/// checked against the key vault. Exit 0 valid, 1 invalid, 2 unreadable.
/// </summary>
internal static class PolicyValidateCommand
{
    private static readonly Argument<string> s_input = new("file") { Description = "The policy file." };

    public static Command Create(CliContext context) => new Command("validate", "Check a policy file and report every error with its location (exit 0 valid, 1 invalid).")
    {
        s_input,
    }.WithHandler(context, (services, parseResult, cancellationToken) => HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var path = parseResult.GetRequiredValue(s_input);
        if (!File.Exists(path))
        {
            throw new CliException(CliErrorCode.FileUnreadable, $"Policy file '{path}' does not exist.", "Check the path.");
        }

        var result = await PolicyLoader.LoadFileAsync(path, cancellationToken).ConfigureAwait(false);
        var errors = result.Errors.ToList();
        if (result.Policy is { } policy)
        {
            errors.AddRange(await PolicyKeyCheck.CheckAsync(policy, vault, cancellationToken).ConfigureAwait(false));
        }

        var view = new PolicyValidateView(path, errors.Count == 0 && result.Policy is not null, errors.Select(e => new PolicyErrorView(e.Line, e.Column, e.Field, e.Message)).ToArray());
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.PolicyValidateView);
        }
        else if (view.Valid)
        {
            console.MarkupLine($"{Markup.Escape(path)}: valid ({result.Policy!.Rules.Count} rule(s)).");
        }
        else
        {
            foreach (var error in errors)
            {
                console.MarkupLine(Markup.Escape(error.ToString()));
            }

            console.MarkupLine($"{Markup.Escape(path)}: {errors.Count} error(s).");
        }

        return view.Valid ? ExitCodes.Success : ExitCodes.NotVerified;
    }
}
