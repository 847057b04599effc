using System.Security.Cryptography.X509Certificates;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;

namespace Signet.Signatures;

/// <summary>What to sign and with which key.</summary>
public sealed record SigningRequest
{
    /// <summary>The manifest or index being signed (always by digest).</summary>
    public required Descriptor Subject { get; init; }

    /// <summary>The image's reference (repository for cosign's docker-reference and the vault signature's repositoryName).</summary>
    public required ImageReference Image { get; init; }

    /// <summary>The key vault (or a single provider) that holds the key.</summary>
    public required IKeyProvider Keys { get; init; }

    /// <summary>The key id or name.</summary>
    public required string KeyId { get; init; }

    /// <summary>The key version; the primary version when null.</summary>
    public string? KeyVersion { get; init; }

    /// <summary>The algorithm; the format's default for the key type when null.</summary>
    public SigningAlgorithm? Algorithm { get; init; }

    /// <summary>Certificate chain leaf first (Notary Project signatures); the leaf's public key must be the key's.</summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    /// <summary>Free text description (vault signatures).</summary>
    public string? Description { get; init; }

    /// <summary>Metadata as a JSON object (vault signatures) or annotations (cosign optional, notation user metadata).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>When the signature stops being valid (Notary Project expiry), if ever.</summary>
    public DateTimeOffset? Expiry { get; init; }
}
