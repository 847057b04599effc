using System.Text;
using System.Text.Json;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Testing.Signatures;

namespace Signet.ConformanceTests.Cosign;

/// <summary>
/// An image in containers/image's <c>dir:</c> layout (<c>manifest.json</c> + <c>signature-N</c> files in the
/// <c>"\0sigstore-json\n"</c> serialization), loaded into a memory repository the way it sits in a registry: the
/// signatures as layers of the <c>.sig</c> attachment, built with <see cref="CosignAttachment.Append"/>.
/// </summary>
internal sealed class SigstoreDirImage
{
    private static readonly byte[] s_prefix = "\0sigstore-json\n"u8.ToArray();

    private SigstoreDirImage(ManifestContent? manifest, string? manifestError, string? manifestErrorCode, IReadOnlyList<SigstoreSignature> signatures)
    {
        Manifest = manifest;
        ManifestError = manifestError;
        ManifestErrorCode = manifestErrorCode;
        Signatures = signatures;
    }

    public ManifestContent? Manifest { get; }

    public string? ManifestError { get; }

    public string? ManifestErrorCode { get; }

    public IReadOnlyList<SigstoreSignature> Signatures { get; }

    public static SigstoreDirImage Load(string directory, params string[] extraSignatureFiles)
    {
        ManifestContent? manifest = null;
        string? error = null;
        string? code = null;
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            (error, code) = ("manifest.json does not exist", SignetErrorCode.ManifestNotFound);
        }
        else
        {
            try
            {
                manifest = ManifestContent.Parse(File.ReadAllBytes(manifestPath));
            }
            catch (FormatException ex)
            {
                (error, code) = (ex.Message, SignetErrorCode.InvalidManifest);
            }
        }

        var files = Directory.GetFiles(directory, "signature-*")
            .OrderBy(f => int.Parse(Path.GetFileName(f)["signature-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Concat(extraSignatureFiles);
        return new SigstoreDirImage(manifest, error, code, [.. files.Select(ReadSignature)]);
    }

    public static SigstoreSignature ReadSignature(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(s_prefix), $"{path} is not a sigstore-json signature file.");
        using var document = JsonDocument.Parse(bytes.AsMemory(s_prefix.Length));
        var root = document.RootElement;
        var annotations = root.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return new SigstoreSignature(root.GetProperty("mimeType").GetString()!, Convert.FromBase64String(root.GetProperty("payload").GetString()!), annotations);
    }

    /// <summary>
    /// Verifies as the application layer would: the image manifest must be readable (else a rejection with
    /// <see cref="ManifestErrorCode"/>), then the <c>.sig</c> attachment is verified; accepted when any signature is valid.
    /// </summary>
    public async Task<Outcome> VerifyAsync(CosignSignatureVerifier verifier, string imageReference)
    {
        if (Manifest is null)
        {
            return new Outcome(false, [ManifestErrorCode!], ManifestError!);
        }

        var repository = new MemoryOciRepository();
        ManifestContent? attachment = null;
        foreach (var signature in Signatures)
        {
            var layer = repository.AddBlob(signature.MimeType, signature.Payload) with { Annotations = signature.Annotations };
            var update = CosignAttachment.Append(attachment, layer, signature.Payload);
            foreach (var blob in update.Blobs)
            {
                await repository.PushBlobAsync(blob.Descriptor, blob.Content);
            }

            attachment = update.Manifest;
        }

        Assert.NotNull(attachment);
        var context = new SignatureVerificationContext
        {
            Subject = Manifest.ToDescriptor(),
            Image = ImageReference.Parse(imageReference),
            SignatureManifest = attachment,
            Repository = repository,
        };
        var results = await verifier.VerifyAsync(context);
        return new Outcome(results.Any(r => r.IsValid), [.. results.Select(r => r.Code)], string.Join(" | ", results.Select(r => r.Message)));
    }

    internal sealed record Outcome(bool Accepted, IReadOnlyList<string> Codes, string Messages);
}

/// <summary>One signature of a <c>dir:</c> image: layer media type, payload bytes, layer annotations.</summary>
internal sealed record SigstoreSignature(string MimeType, byte[] Payload, IReadOnlyDictionary<string, string> Annotations)
{
    public string PayloadText => Encoding.UTF8.GetString(Payload);
}
