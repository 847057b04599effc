using System.Globalization;
using Signet.Core.Oci;
using Signet.Signatures.Cosign;

namespace Signet.Signatures.Vault;

/// <summary>
/// How a vault-key signature is stored: an OCI 1.1 referrer of the signed image with artifact type
/// <c>application/vnd.signet.signature.v1+json</c>, the empty config, one layer holding the signed message bytes with
/// the base64 signature as a layer annotation, and the key id, key version and algorithm as manifest annotations so a
/// verifier picks candidates from the referrers list without fetching blobs. See <c>docs/design/vault-signature.md</c>.
/// </summary>
public static class VaultSignatureArtifact
{
    /// <summary>The artifact type.</summary>
    public const string ArtifactType = MediaTypes.SignetVaultSignature;

    /// <summary>The media type of the message layer (the exact signed bytes, compact JSON).</summary>
    public const string MessageMediaType = "application/vnd.signet.signature.message.v1+json";

    /// <summary>Manifest annotation: the key vault's key id.</summary>
    public const string KeyIdAnnotation = "dev.signet.signature.key-id";

    /// <summary>Manifest annotation: the key version that signed.</summary>
    public const string KeyVersionAnnotation = "dev.signet.signature.key-version";

    /// <summary>Manifest annotation: the algorithm name (<c>SHA_256_RSA_PKCS_PSS</c>…).</summary>
    public const string AlgorithmAnnotation = "dev.signet.signature.algorithm";

    /// <summary>Layer annotation: the base64 (standard, padded) signature over the layer's bytes.</summary>
    public const string SignatureAnnotation = "dev.signet.signature.signature";

    /// <summary>Manifest annotation: when the signature was made (RFC 3339, UTC; informational, not signed).</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>Builds the referrer manifest and the blobs to push before it (the empty config and the message).</summary>
    public static (ManifestContent Manifest, IReadOnlyList<ArtifactBlob> Blobs) Create(
        Descriptor subject, VaultSignatureMessage message, ReadOnlySpan<byte> signature, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(message);
        var messageBytes = message.ToBytes();
        var layer = Descriptor.For(MessageMediaType, messageBytes) with
        {
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [SignatureAnnotation] = Convert.ToBase64String(signature) },
        };
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = ArtifactType,
            Config = Descriptor.EmptyJson,
            Layers = [layer],
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [KeyIdAnnotation] = message.KmsKeyId,
                [KeyVersionAnnotation] = message.KmsKeyVersionId,
                [AlgorithmAnnotation] = message.SigningAlgorithm,
                [CreatedAnnotation] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
        };
        var content = ManifestContent.Parse(OciManifestWriter.Write(manifest), MediaTypes.OciManifest);
        return (content, [new ArtifactBlob(Descriptor.EmptyJson, Descriptor.EmptyJson.Data), new ArtifactBlob(layer, messageBytes)]);
    }
}
