using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signing;
using Spectre.Console;

namespace Signet.Cli.Commands.Images;

/// <summary><c>signet sign &lt;ref&gt; --key …</c>: resolves a tag to a digest, signs the digest, stores the signature next to the image.</summary>
internal static class SignCommand
{
    private static readonly Argument<string[]> s_references = CliArguments.Images();

    private static readonly Option<string> s_key = new Option<string>("--key", "-k")
    {
        Description = "Signing key: an embedded-store name or a pkcs11: URI.",
        Required = true,
    }.CompletesKeyNames();

    private static readonly Option<string> s_keyVersion = CliOptions.KeyVersion("--key-version", required: false, "Key version to sign with (default: the primary one).")
        .CompletesVersionsOf(parseResult => parseResult.GetValue(s_key));

    private static readonly Option<string> s_format = new Option<string>("--format", "-f")
    {
        Description = "Signature format.",
        DefaultValueFactory = _ => "vault",
    }.AcceptOnlyFromAmong([.. SignatureFormatNames.All]);

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
        var command = new Command("sign", "Sign images by digest with a vault key and store each signature next to its image.")
        {
            s_references, s_key, s_keyVersion, s_format, s_algorithm, s_description, s_metadata,
        };
        RegistryLogin.AddTo(command);
        return command.WithHandler(context, (services, parseResult, cancellationToken) =>
            HandleAsync(context.Out, services.GetRequiredService<ImageSigner>(), context, parseResult, cancellationToken));
    }

    internal static async Task<int> HandleAsync(IAnsiConsole console, ImageSigner signer, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        // Everything that can be wrong with the options is found before the first image is touched.
        var keyId = parseResult.GetRequiredValue(s_key);
        var keyVersion = parseResult.GetValue(s_keyVersion);
        var format = SignatureFormatNames.Parse(parseResult.GetRequiredValue(s_format));
        var algorithm = parseResult.GetValue(s_algorithm) is { } name ? SigningAlgorithm.Parse(name) : null;
        var description = parseResult.GetValue(s_description);
        var metadata = ParseMetadata(parseResult.GetValue(s_metadata));
        var credentials = RegistryLogin.From(context, parseResult);

        // One image at a time: two tags of one digest signed at once would race on the same cosign '.sig' tag.
        var items = await BatchRunner.RunAsync(
            context,
            "Signing",
            parseResult.DistinctImages(s_references),
            maxParallelism: 1,
            async (reference, token) =>
            {
                var result = await signer.SignAsync(
                    new SignImageRequest
                    {
                        Reference = reference,
                        KeyId = keyId,
                        KeyVersion = keyVersion,
                        Format = format,
                        Algorithm = algorithm,
                        Description = description,
                        Metadata = metadata,
                        Credentials = credentials,
                    },
                    token).ConfigureAwait(false);
                return new SignView(
                    result.Image,
                    result.Subject.Digest.ToString(),
                    result.Format.ToName(),
                    result.SignatureDigest.ToString(),
                    result.Location,
                    SignerView.From(result.Signer),
                    result.Algorithm);
            },
            cancellationToken).ConfigureAwait(false);

        var signed = BatchItem<SignView>.Results(items);
        if (parseResult.IsJson())
        {
            if (items.Count == 1)
            {
                CliJson.Write(console, signed[0], CliJsonContext.Default.SignView);
            }
            else
            {
                CliJson.Write(console, new SignBatchView(signed, ErrorReport.Failures(items)), CliJsonContext.Default.SignBatchView);
            }
        }
        else
        {
            foreach (var view in signed)
            {
                console.MarkupLine($"Signed [bold]{Markup.Escape(view.Digest)}[/] ({Markup.Escape(view.Image)})");
                console.MarkupLine($"  {Markup.Escape(view.Format)} signature by {Markup.Escape(view.Signer?.ToString() ?? "?")} with {Markup.Escape(view.Algorithm)}");
                console.MarkupLine($"  stored at {Markup.Escape(view.Location)} ({Markup.Escape(view.SignatureDigest)})");
            }

            ErrorReport.WriteFailures(context, parseResult, items);

            if (items.Count > 1)
            {
                console.MarkupLine(signed.Length == items.Count ? $"Signed {signed.Length} image(s)." : $"Signed {signed.Length} of {items.Count} image(s); see the errors above.");
            }
        }

        return signed.Length == items.Count ? ExitCodes.Success : ExitCodes.Error;
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
