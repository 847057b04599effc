using System.Security.Cryptography;
using System.Text;
using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Testing.Signatures;

namespace Signet.UnitTests.Signatures.Cosign;

/// <summary>An image in a memory repository and helpers to attach hand-made cosign signature layers to it.</summary>
internal sealed class CosignTestImage : IDisposable
{
    public CosignTestImage(string reference = "registry.example/team/app:v1")
    {
        Image = ImageReference.Parse(reference);
        Subject = Descriptor.For(MediaTypes.OciManifest, Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"image\":\"" + reference + "\"}"));
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TrustedKey = new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(Key.ExportSubjectPublicKeyInfo()));
    }

    public MemoryOciRepository Repository { get; } = new();

    public ImageReference Image { get; }

    public Descriptor Subject { get; }

    public ECDsa Key { get; }

    public CosignTrustedKey TrustedKey { get; }

    public ManifestContent? Attachment { get; private set; }

    public byte[] ValidPayload(string? reference = null, Digest? digest = null) =>
        CosignPayload.Create(reference ?? Image.Name, digest ?? Subject.Digest);

    public byte[] Sign(byte[] payload) => Key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Attaches <paramref name="payload"/> signed by <see cref="Key"/> (or with the given annotation value).</summary>
    public Descriptor AddSignature(byte[] payload, string? signatureAnnotation = null, string mediaType = CosignPayload.MediaType, bool withAnnotation = true)
    {
        var layer = Repository.AddBlob(mediaType, payload) with
        {
            Annotations = withAnnotation
                ? new Dictionary<string, string> { [CosignAttachment.SignatureAnnotation] = signatureAnnotation ?? Convert.ToBase64String(Sign(payload)) }
                : null,
        };
        var update = CosignAttachment.Append(Attachment, layer, payload);
        foreach (var blob in update.Blobs)
        {
            Repository.PushBlobAsync(blob.Descriptor, blob.Content).GetAwaiter().GetResult();
        }

        Attachment = update.Manifest;
        return layer;
    }

    public SignatureVerificationContext Context(ManifestContent? attachment = null, Descriptor? subject = null, ImageReference? image = null) => new()
    {
        Subject = subject ?? Subject,
        Image = image ?? Image,
        SignatureManifest = attachment ?? Attachment ?? throw new InvalidOperationException("No signature attached."),
        Repository = Repository,
    };

    public void Dispose()
    {
        Key.Dispose();
        TrustedKey.Key.Dispose();
    }
}
