using Signet.Core.Digests;

namespace Signet.Core.Oci;

/// <summary>
/// One repository of OCI content that can be read and written: a repository in a remote registry or in an OCI image
/// layout directory. Signers and verifiers work against this, so every format works the same on both.
/// </summary>
/// <remarks>
/// Every implementation verifies content fetched by digest against that digest and enforces size limits before
/// reading; a mismatch throws. Writing a manifest that has a <c>subject</c> makes it discoverable through
/// <see cref="ListReferrersAsync"/> (registries without the referrers API get the tag-schema fallback index).
/// </remarks>
public interface IOciRepository
{
    /// <summary>A human-readable name for messages (<c>registry.example.com/app</c>, <c>oci-layout:/tmp/x</c>).</summary>
    string DisplayName { get; }

    /// <summary>Resolves a tag or digest to the descriptor of the manifest it names.</summary>
    Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Fetches a manifest or index by tag or digest; content fetched by digest is verified.</summary>
    Task<ManifestContent> FetchManifestAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Fetches a blob, verifying size and digest; a blob larger than <paramref name="maxBytes"/> is refused unread.</summary>
    Task<byte[]> FetchBlobAsync(Descriptor descriptor, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Stores a blob (skipped when it exists).</summary>
    Task PushBlobAsync(Descriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Stores a manifest by digest, and under <paramref name="tag"/> when given.</summary>
    Task<Descriptor> PushManifestAsync(ManifestContent manifest, string? tag = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the referrers of <paramref name="subject"/>, optionally filtered by artifact type.</summary>
    IAsyncEnumerable<Descriptor> ListReferrersAsync(Digest subject, string? artifactType = null, CancellationToken cancellationToken = default);

    /// <summary>True when the tag exists; used for the cosign <c>.sig</c> attachment.</summary>
    Task<Descriptor?> TryResolveAsync(string reference, CancellationToken cancellationToken = default);
}
