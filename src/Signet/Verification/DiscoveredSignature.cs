using Signet.Core.Oci;

namespace Signet.Verification;

/// <summary>Where a signature artifact was found next to an image.</summary>
public enum SignatureSource
{
    /// <summary>An OCI 1.1 referrer (referrers API or its tag-schema fallback index).</summary>
    Referrer,

    /// <summary>The cosign <c>&lt;alg&gt;-&lt;hex&gt;.sig</c> tag attachment.</summary>
    CosignTag,
}

/// <summary>A signature artifact found for an image, with its manifest as fetched and verified against its digest.</summary>
/// <param name="Descriptor">The artifact's descriptor.</param>
/// <param name="Manifest">The artifact's manifest.</param>
/// <param name="Source">How it was found.</param>
public sealed record DiscoveredSignature(Descriptor Descriptor, ManifestContent Manifest, SignatureSource Source);

/// <summary>The signature artifacts of one subject, and whether more were attached than the limit allowed reading.</summary>
/// <param name="Signatures">The artifacts read (at most the limit).</param>
/// <param name="Truncated">True when more signature artifacts were attached than the limit.</param>
/// <param name="Unreadable">Artifacts listed but not readable (dangling referrers, bad manifests), with the reason.</param>
public sealed record SignatureDiscoveryResult(
    IReadOnlyList<DiscoveredSignature> Signatures,
    bool Truncated,
    IReadOnlyList<(Descriptor Descriptor, string Code, string Reason)> Unreadable);
