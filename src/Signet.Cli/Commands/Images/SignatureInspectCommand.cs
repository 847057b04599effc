using System.CommandLine;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Spectre.Console;

namespace Signet.Cli.Commands.Images;

/// <summary><c>signet signature inspect &lt;ref&gt; [--signature &lt;digest&gt;]</c>: every detail of one (or each) signature.</summary>
internal static class SignatureInspectCommand
{
    private static readonly Argument<string> s_reference = CliArguments.Image();

    private static readonly Option<string> s_signature = new("--signature", "-s")
    {
        Description = "Digest of the signature artifact to inspect (default: all).",
        HelpName = "digest",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("inspect", "Show the details of the signatures attached to an image.") { s_reference, s_signature };
        RegistryLogin.AddTo(command);
        return command.WithHandler(context, (services, parseResult, cancellationToken) =>
            HandleAsync(context.Out, services, context, parseResult, cancellationToken));
    }

    internal static async Task<int> HandleAsync(IAnsiConsole console, IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var reference = parseResult.GetRequiredValue(s_reference);
        var view = await SignatureListCommand.ReadAsync(services, context, parseResult, reference, cancellationToken).ConfigureAwait(false);
        if (parseResult.GetValue(s_signature) is { } digest)
        {
            var signatures = view.Signatures.Where(s => string.Equals(s.SignatureDigest, digest, StringComparison.OrdinalIgnoreCase)).ToArray();
            var unverified = view.Unverified.Where(s => string.Equals(s.Digest, digest, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (signatures.Length + unverified.Length == 0)
            {
                throw new CliException(CliErrorCode.InvalidInput, $"No signature {digest} is attached to {reference} ({view.Digest}).", $"List them with 'signet signature list {reference}'.");
            }

            view = view with { Signatures = signatures, Unverified = unverified };
        }

        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.VerifyView);
            return ExitCodes.Success;
        }

        console.MarkupLine($"[bold]{Markup.Escape(reference)}[/] @ {Markup.Escape(view.Digest)}");
        foreach (var signature in view.Signatures)
        {
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("signature", Markup.Escape(signature.SignatureDigest ?? "?"));
            grid.AddRow("format", Markup.Escape(signature.Format));
            grid.AddRow("signer", Markup.Escape(signature.Signer?.ToString() ?? "unknown"));
            grid.AddRow("algorithm", Markup.Escape(signature.Algorithm ?? "?"));
            grid.AddRow("signing time", Markup.Escape(signature.SigningTime?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-"));
            grid.AddRow("result", Markup.Escape($"{signature.Code}: {signature.Message}"));
            console.Write(grid);
            console.WriteLine();
        }

        foreach (var other in view.Unverified)
        {
            console.MarkupLine($"signature {Markup.Escape(other.Digest)}: {Markup.Escape(other.ArtifactType ?? "unknown type")} via {Markup.Escape(other.Source)}; no local key or verifier reads it");
        }

        return ExitCodes.Success;
    }
}
