using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary><c>signet key export &lt;name&gt; [--version v] [--format pem|jwk]</c>: the public key, never the private one.</summary>
internal static class KeyExportCommand
{
    private static readonly Argument<string> s_key = CliArguments.ExistingKey();

    private static readonly Option<string> s_version = CliOptions.KeyVersion("--version", required: false, "The version to export (default: the primary one).")
        .CompletesVersionsOf(parseResult => parseResult.GetValue(s_key));

    private static readonly Option<string> s_format = new Option<string>("--format", "-f")
    {
        Description = "pem (SubjectPublicKeyInfo, for openssl, cosign, Kyverno) or jwk (RFC 7517).",
        DefaultValueFactory = _ => "pem",
    }.AcceptOnlyFromAmong("pem", "jwk");

    public static Command Create(CliContext context) => new Command("export", "Print a version's public key (PEM or JWK).")
    {
        s_key,
        s_version,
        s_format,
    }.WithHandler(context, (services, parseResult, cancellationToken) =>
        HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var publicKey = await vault.GetPublicKeyAsync(parseResult.GetRequiredValue(s_key), parseResult.GetValue(s_version), cancellationToken).ConfigureAwait(false);
        var text = string.Equals(parseResult.GetValue(s_format), "jwk", StringComparison.Ordinal)
            ? publicKey.ToJwk() + "\n"
            : publicKey.ToPem();

        // Raw, so that the output pipes straight into a file openssl or a JWKS reads.
        var writer = console.Profile.Out.Writer;
        writer.Write(text);
        writer.Flush();
        return ExitCodes.Success;
    }
}
