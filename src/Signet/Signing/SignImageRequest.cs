using System.Security.Cryptography.X509Certificates;
using Signet.Keys;
using Signet.Registry.Authentication;
using Signet.Signatures;

namespace Signet.Signing;

/// <summary>What <c>signet sign</c> asks for.</summary>
public sealed record SignImageRequest
{
    /// <summary>The image (registry reference, <c>oci-layout:</c> reference, or local registry image).</summary>
    public required string Reference { get; init; }

    /// <summary>The key id or name.</summary>
    public required string KeyId { get; init; }

    /// <summary>The key version; the primary one when null.</summary>
    public string? KeyVersion { get; init; }

    /// <summary>The signature format.</summary>
    public SignatureFormat Format { get; init; } = SignatureFormat.Vault;

    /// <summary>The algorithm; the format's default for the key type when null.</summary>
    public SigningAlgorithm? Algorithm { get; init; }

    /// <summary>Description (vault signatures).</summary>
    public string? Description { get; init; }

    /// <summary>Metadata (vault signatures) or annotations (cosign, Notary Project).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A certificate chain for Notary Project signatures; Signet issues one for the key when null.</summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    /// <summary>Notary Project signature expiry.</summary>
    public DateTimeOffset? Expiry { get; init; }

    /// <summary>Registry credentials to use instead of the configured ones.</summary>
    public IRegistryCredentialProvider? Credentials { get; init; }
}

/// <summary>What was signed and where the signature went.</summary>
/// <param name="Image">The canonical image reference pinned to the signed digest.</param>
/// <param name="Subject">The signed manifest or index.</param>
/// <param name="Format">The signature format.</param>
/// <param name="SignatureDigest">Digest of the stored signature manifest.</param>
/// <param name="Location">Where it was stored (the referrer's digest reference, or the cosign tag).</param>
/// <param name="Signer">The key version or certificate that signed.</param>
/// <param name="Algorithm">The algorithm.</param>
public sealed record SignImageResult(
    string Image,
    Core.Oci.Descriptor Subject,
    SignatureFormat Format,
    Core.Digests.Digest SignatureDigest,
    string Location,
    SignerIdentity Signer,
    string Algorithm);
