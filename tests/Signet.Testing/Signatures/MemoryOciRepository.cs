using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;

namespace Signet.Testing.Signatures;

/// <summary>
/// An in-memory OCI repository for signature unit tests: verifies digests and size limits like the real ones, records
/// which blobs were fetched (so tests can prove a check happened before any read) and lists referrers by subject.
/// </summary>
public sealed class MemoryOciRepository : IOciRepository
{
    private readonly ConcurrentDictionary<Digest, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<Digest, ManifestContent> _manifests = new();
    private readonly ConcurrentDictionary<string, Digest> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Digest> _fetched = new();

    /// <inheritdoc />
    public string DisplayName { get; init; } = "memory";

    /// <summary>Digests of the blobs fetched so far, in order.</summary>
    public IReadOnlyCollection<Digest> FetchedBlobs => _fetched;

    /// <summary>Stores a blob without a descriptor (tests that need tampered content use <see cref="ReplaceBlob"/>).</summary>
    public Descriptor AddBlob(string mediaType, byte[] content)
    {
        var descriptor = Descriptor.For(mediaType, content);
        _blobs[descriptor.Digest] = content;
        return descriptor;
    }

    /// <summary>Overwrites the bytes stored under a digest (simulates a corrupted store).</summary>
    public void ReplaceBlob(Digest digest, byte[] content) => _blobs[digest] = content;

    /// <inheritdoc />
    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference)?.ToDescriptor() ?? throw new OciContentException(SignetErrorCode.ManifestNotFound, $"{DisplayName}: '{reference}' not found.", reference));

    /// <inheritdoc />
    public Task<ManifestContent> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference) ?? throw new OciContentException(SignetErrorCode.ManifestNotFound, $"{DisplayName}: manifest '{reference}' not found.", reference));

    /// <inheritdoc />
    public Task<byte[]> FetchBlobAsync(Descriptor descriptor, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Size > maxBytes)
        {
            throw new OciContentException(SignetErrorCode.ContentTooLarge, $"{DisplayName}: blob {descriptor.Digest} is {descriptor.Size} bytes, over the {maxBytes} byte limit.", descriptor.Digest.ToString());
        }

        if (!_blobs.TryGetValue(descriptor.Digest, out var content))
        {
            throw new OciContentException(SignetErrorCode.BlobNotFound, $"{DisplayName}: blob {descriptor.Digest} not found.", descriptor.Digest.ToString());
        }

        if (content.Length != descriptor.Size || !descriptor.Digest.Matches(content))
        {
            throw new OciContentException(SignetErrorCode.DigestMismatch, $"{DisplayName}: blob {descriptor.Digest} does not match its descriptor.", descriptor.Digest.ToString());
        }

        _fetched.Enqueue(descriptor.Digest);
        return Task.FromResult(content.ToArray());
    }

    /// <inheritdoc />
    public Task PushBlobAsync(Descriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!descriptor.Digest.Matches(content.Span) || descriptor.Size != content.Length)
        {
            throw new InvalidDataException($"{DisplayName}: pushed blob does not match {descriptor.Digest}.");
        }

        _blobs[descriptor.Digest] = content.ToArray();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Descriptor> PushManifestAsync(ManifestContent manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Manifest is { } m)
        {
            foreach (var blob in m.Layers.Prepend(m.Config))
            {
                if (!_blobs.ContainsKey(blob.Digest))
                {
                    throw new InvalidOperationException($"{DisplayName}: MANIFEST_BLOB_UNKNOWN {blob.Digest}");
                }
            }
        }

        _manifests[manifest.Digest] = manifest;
        if (tag is not null)
        {
            _tags[tag] = manifest.Digest;
        }

        return Task.FromResult(manifest.ToDescriptor());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Descriptor> ListReferrersAsync(Digest subject, string? artifactType = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var content in _manifests.Values.OrderBy(m => m.Digest.Hex, StringComparer.Ordinal))
        {
            if (content.Manifest is { Subject: { } s } manifest && s.Digest == subject
                && (artifactType is null || manifest.EffectiveArtifactType == artifactType))
            {
                yield return content.ToDescriptor() with { ArtifactType = manifest.EffectiveArtifactType, Annotations = manifest.Annotations };
            }
        }
    }

    /// <inheritdoc />
    public Task<Descriptor?> TryResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference)?.ToDescriptor());

    private ManifestContent? Find(string reference)
    {
        if (Digest.TryParse(reference, out var digest))
        {
            return _manifests.GetValueOrDefault(digest);
        }

        return _tags.TryGetValue(reference, out var tagged) ? _manifests.GetValueOrDefault(tagged) : null;
    }
}
