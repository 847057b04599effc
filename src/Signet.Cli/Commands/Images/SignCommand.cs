using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Signet.Signing;
using Spectre.Console;

namespace Signet.Cli.Commands.Images;

/// <summary><c>signet sign &lt;ref&gt; --key …</c>: resolves a tag to a digest, signs the digest, stores the signature next to the image.</summary>
internal static class SignCommand
{
    private static readonly Argument<string> s_reference = CliArguments.Image();

    private static readonly Option<string> s_key = new("--key", "-k")
    {
        Description = "Signing key: an embedded-store name or a pkcs11: URI.",
        Required = true,
    };

    private static readonly Option<string> s_keyVersion = CliOptions.KeyVersion("--key-version", required: false, "Key version to sign with (default: the primary one).");

    private static readonly Option<string> s_format = new Option<string>("--format", "-f")
    {
        Description = "Signature format.",
        DefaultValueFactory = _ => "vault",
    }.AcceptOnlyFromAmong(FormatNames.All);

    private static readonly Option<string> s_algorithm = new Option<string>("--algorithm", "-a")
    {
        Description = "Signing algorithm (default: the format's choice for the key type).",
    }.AcceptOnlyFromAmong(SigningAlgorithm.All.Select(a => a.Name).ToArray());

    private static readonly Option<string> s_description = new("--description")
    {
        Description = "Description recorded in vault signatures.",
    };

    private static readonly Option<string> s_metadata = new("--metadata")
    {
        Description = "JSON object of string values: vault signature metadata, or annotations for cosign and Notary Project.",
        HelpName = "json",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("sign", "Sign an image by digest with a vault key and store the signature next to it.")
        {
            s_reference, s_key, s_keyVersion, s_format, s_algorithm, s_description, s_metadata,
        };
        RegistryLogin.AddTo(command);
        return command.WithHandler(context, (services, parseResult, cancellationToken) =>
            HandleAsync(context.Out, services.GetRequiredService<ImageSigner>(), context, parseResult, cancellationToken));
    }

    internal static async Task<int> HandleAsync(IAnsiConsole console, ImageSigner signer, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new SignImageRequest
        {
            Reference = parseResult.GetRequiredValue(s_reference),
            KeyId = parseResult.GetRequiredValue(s_key),
            KeyVersion = parseResult.GetValue(s_keyVersion),
            Format = FormatNames.Parse(parseResult.GetRequiredValue(s_format)),
            Algorithm = parseResult.GetValue(s_algorithm) is { } algorithm ? SigningAlgorithm.Parse(algorithm) : null,
            Description = parseResult.GetValue(s_description),
            Metadata = ParseMetadata(parseResult.GetValue(s_metadata)),
            Credentials = RegistryLogin.From(context, parseResult),
        };
        var result = await signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        var view = new SignView(
            result.Image,
            result.Subject.Digest.ToString(),
            FormatNames.ToCliName(result.Format),
            result.SignatureDigest.ToString(),
            result.Location,
            SignerView.From(result.Signer),
            result.Algorithm);
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.SignView);
        }
        else
        {
            console.MarkupLine($"Signed [bold]{Markup.Escape(view.Digest)}[/] ({Markup.Escape(view.Image)})");
            console.MarkupLine($"  {Markup.Escape(view.Format)} signature by {Markup.Escape(view.Signer?.ToString() ?? "?")} with {Markup.Escape(view.Algorithm)}");
            console.MarkupLine($"  stored at {Markup.Escape(view.Location)} ({Markup.Escape(view.SignatureDigest)})");
        }

        return ExitCodes.Success;
    }

    private static Dictionary<string, string>? ParseMetadata(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, CliJsonContext.Default.DictionaryStringString)
                ?? throw new JsonException("null is not an object");
        }
        catch (JsonException e)
        {
            throw new CliException(CliErrorCode.Usage, $"--metadata is not a JSON object of string values: {e.Message}", "Example: --metadata '{\"build\":\"1234\",\"git\":\"abc123\"}'.", e);
        }
    }
}
