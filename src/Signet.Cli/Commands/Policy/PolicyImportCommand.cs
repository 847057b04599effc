using System.CommandLine;
using Signet.Cli.Hosting;
using Signet.Policy.Import;
using Spectre.Console;

namespace Signet.Cli.Commands.Policy;

/// <summary><c>signet policy import --from oke|ratify &lt;file&gt; [--registry host]</c>: Signet policy YAML on stdout, warnings on stderr.</summary>
internal static class PolicyImportCommand
{
    private static readonly Argument<string> s_input = new("file")
    {
        Description = "The OKE image verification policy (JSON) or Ratify policy/verifier resources (YAML); '-' reads standard input.",
    };

    private static readonly Option<string> s_from = new Option<string>("--from")
    {
        Description = "What the file is.",
        Required = true,
    }.AcceptOnlyFromAmong("oke", "ratify");

    private static readonly Option<string> s_registry = new("--registry")
    {
        Description = "Registry host the OKE policy's rule covers (OKE policies name none).",
        HelpName = "host",
    };

    public static Command Create(CliContext context) => new Command("import", "Convert an OKE or Ratify policy to a Signet policy (YAML on stdout, warnings on stderr).")
    {
        s_input, s_from, s_registry,
    }.WithHandler(context, (_, parseResult, cancellationToken) => HandleAsync(context.Out, context, parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var input = parseResult.GetRequiredValue(s_input);
        var text = await InputFiles.ReadAsync(context, input, cancellationToken).ConfigureAwait(false);
        var result = parseResult.GetRequiredValue(s_from) == "oke"
            ? OkePolicyImporter.Import(text, registry: parseResult.GetValue(s_registry))
            : RatifyPolicyImporter.Import(text);
        var error = context.Error.Profile.Out.Writer;
        foreach (var warning in result.Warnings)
        {
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (!result.IsValid)
        {
            // Nothing on stdout: a half-converted policy must not be redirected into a file and applied.
            var errors = result.Errors.Concat(result.Load.Errors.Select(e => e.ToString())).ToArray();
            throw new CliException("POLICY_IMPORT_FAILED", $"{input} could not be converted: {string.Join("; ", errors)}", "Fix the source policy, or write the Signet policy by hand (docs/examples).");
        }

        var writer = console.Profile.Out.Writer;
        await writer.WriteAsync(result.Yaml).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
