using Signet.Core.Oci;

namespace Signet.Signatures;

/// <summary>How a signature artifact is attached to the image it signs.</summary>
public enum AttachmentKind
{
    /// <summary>An OCI 1.1 referrer: a manifest whose <c>subject</c> is the image.</summary>
    Referrer,

    /// <summary>
    /// The cosign tag attachment <c>&lt;alg&gt;-&lt;hex&gt;.sig</c>: the signature's layer is appended to the manifest under
    /// that tag, keeping the signatures already there.
    /// </summary>
    CosignTag,
}

/// <summary>A blob to store with a signature artifact: its descriptor and exact bytes.</summary>
/// <param name="Descriptor">Descriptor of the bytes.</param>
/// <param name="Content">The bytes.</param>
public sealed record ArtifactBlob(Descriptor Descriptor, ReadOnlyMemory<byte> Content);

/// <summary>What a signer produced: the manifest and blobs to store, and how to attach them.</summary>
public sealed record SignatureArtifact
{
    /// <summary>The format.</summary>
    public required SignatureFormat Format { get; init; }

    /// <summary>How to attach the artifact.</summary>
    public required AttachmentKind Attachment { get; init; }

    /// <summary>The manifest, serialized once (its digest is over these bytes).</summary>
    public required ManifestContent Manifest { get; init; }

    /// <summary>Config and layer blobs, in the order to push them.</summary>
    public required IReadOnlyList<ArtifactBlob> Blobs { get; init; }

    /// <summary>The key version or certificate that signed, for the user's output.</summary>
    public required SignerIdentity Signer { get; init; }

    /// <summary>The algorithm used.</summary>
    public required string Algorithm { get; init; }
}
