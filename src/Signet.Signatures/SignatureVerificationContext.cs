using Signet.Core.Oci;
using Signet.Core.References;

namespace Signet.Signatures;

/// <summary>One signature artifact to verify, and the image it was found for.</summary>
public sealed record SignatureVerificationContext
{
    /// <summary>The image the signature must sign: its descriptor as resolved from the registry (never from the signature).</summary>
    public required Descriptor Subject { get; init; }

    /// <summary>The image reference (repository checks: cosign docker-reference, vault repositoryName).</summary>
    public required ImageReference Image { get; init; }

    /// <summary>The signature artifact's manifest, as fetched and verified against its digest.</summary>
    public required ManifestContent SignatureManifest { get; init; }

    /// <summary>Where the artifact's blobs are read from (verified against their digests, size-limited).</summary>
    public required IOciRepository Repository { get; init; }
}
