using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.IO;
using Signet.Core.Oci;
using Signet.Core.References;

namespace Signet.Core.Layout;

/// <summary>
/// An OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>) used as
/// a repository: the embedded default store when no registry is named, and the format of the notation test layouts.
/// </summary>
/// <remarks>
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md. Tags are the
/// <c>org.opencontainers.image.ref.name</c> annotations of <c>index.json</c> entries (the last entry wins when a tag
/// repeats, as in oras-go). Every blob is verified against its digest and size when read. Referrers are found by
/// reading the manifests listed in <c>index.json</c> and those reachable through the indexes it lists, which covers
/// the referrers tag-schema fallback indexes (<c>sha256-&lt;hex&gt;</c>) that notation writes. Files are replaced
/// atomically (temporary file, flush, rename), and writers in one process are serialized per directory; writers in
/// different processes are not coordinated (docs/design/oci-layout-store.md).
/// </remarks>
public sealed partial class OciLayoutStore : IOciRepository
{
    /// <summary>The layout marker file.</summary>
    public const string LayoutFileName = "oci-layout";

    /// <summary>The layout's entry point, an image index.</summary>
    public const string IndexFileName = "index.json";

    /// <summary>The content-addressed blob folder.</summary>
    public const string BlobsDirectoryName = "blobs";

    /// <summary>The annotation that carries a tag in <c>index.json</c>.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>The only layout version defined by the image spec.</summary>
    public const string LayoutVersion = "1.0.0";

    private const int MaxLayoutFileBytes = 4096;

    // One lock per directory for the whole process, so two store instances over one layout cannot interleave
    // read-modify-write cycles of index.json.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_directoryLocks = new(StringComparer.Ordinal);

    private readonly OciLayoutStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock;
    private volatile bool _layoutChecked;

    /// <summary>Opens (without touching the disk) the layout at <paramref name="directory"/>.</summary>
    /// <param name="directory">The layout directory; created on the first write when it is missing or empty.</param>
    /// <param name="options">Limits; the defaults suit layouts of any real image.</param>
    /// <param name="logger">Where skipped entries and layout creation are logged.</param>
    /// <param name="timeProvider">The clock that bounds waiting for another process's write lock.</param>
    public OciLayoutStore(string directory, OciLayoutStoreOptions? options = null, ILogger<OciLayoutStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _options = options ?? new OciLayoutStoreOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxIndexBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxReferrerScan, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxIndexDepth, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.WriteLockTimeout, TimeSpan.Zero, nameof(options));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Root = Path.GetFullPath(directory);
        _writeLock = s_directoryLocks.GetOrAdd(Root, static _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>Opens the layout that <paramref name="reference"/> names.</summary>
    public static OciLayoutStore Open(OciLayoutReference reference, OciLayoutStoreOptions? options = null, ILogger<OciLayoutStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new OciLayoutStore(reference.Directory, options, logger, timeProvider);
    }

    /// <summary>The full path of the layout directory.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string DisplayName => OciLayoutReference.Scheme + Root;

    /// <inheritdoc />
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        await TryResolveAsync(reference, cancellationToken).ConfigureAwait(false)
        ?? throw new OciContentException(SignetErrorCode.ManifestNotFound, $"{DisplayName} has no manifest '{reference}': no index.json entry has that tag or digest and no blob has that digest.", reference);

    /// <inheritdoc />
    public async Task<Descriptor?> TryResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var digest = ParseReference(reference);
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        if (digest is null)
        {
            return index.Manifests.LastOrDefault(d => TagOf(d) == reference);
        }

        var listed = index.Manifests.FirstOrDefault(d => d.Digest == digest.Value);
        if (listed is not null)
        {
            return listed;
        }

        // Manifests reachable only through an index (a signature listed in a tag-schema fallback index) resolve too.
        if (!File.Exists(BlobPath(digest.Value)))
        {
            return null;
        }

        var content = await ReadManifestAsync(digest.Value, expectedSize: null, mediaType: null, cancellationToken).ConfigureAwait(false);
        return content.ToDescriptor();
    }

    /// <inheritdoc />
    public async Task<ManifestContent> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        var descriptor = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        return await ReadManifestAsync(descriptor.Digest, descriptor.Size, descriptor.MediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<byte[]> FetchBlobAsync(Descriptor descriptor, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        await EnsureReadableAsync(cancellationToken).ConfigureAwait(false);
        if (descriptor.Size > maxBytes)
        {
            throw new OciContentException(SignetErrorCode.ContentTooLarge, $"Blob {descriptor.Digest} in {DisplayName} is {descriptor.Size} bytes; the limit is {maxBytes} bytes.", descriptor.Digest.ToString());
        }

        return await ReadBlobAsync(descriptor.Digest, descriptor.Size, maxBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task PushBlobAsync(Descriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (content.Length != descriptor.Size || !descriptor.Digest.Matches(content.Span))
        {
            throw new ArgumentException($"Refusing to store {content.Length} bytes as blob {descriptor.Digest} ({descriptor.Size} bytes): the content does not match the descriptor.", nameof(content));
        }

        await EnsureWritableAsync(cancellationToken).ConfigureAwait(false);
        await WriteBlobAsync(descriptor.Digest, content, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Descriptor> PushManifestAsync(ManifestContent manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (tag is not null && !ImageReference.IsValidTag(tag))
        {
            throw new ArgumentException($"The tag '{tag}' is invalid: a tag is 1 to 128 characters of [A-Za-z0-9_.-] and must not start with '.' or '-'.", nameof(tag));
        }

        if (!manifest.Digest.Matches(manifest.Bytes.Span))
        {
            throw new ArgumentException($"Refusing to store manifest {manifest.Digest}: its bytes hash to another digest.", nameof(manifest));
        }

        await EnsureWritableAsync(cancellationToken).ConfigureAwait(false);
        await WriteBlobAsync(manifest.Digest, manifest.Bytes, cancellationToken).ConfigureAwait(false);

        var descriptor = manifest.ToDescriptor();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var processLock = await LayoutLock.AcquireAsync(Root, _options.WriteLockTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            await using var releaseProcessLock = processLock.ConfigureAwait(false);
            var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
            var entries = UpdateEntries(index.Manifests, descriptor, tag);
            var updated = index with { SchemaVersion = 2, MediaType = index.MediaType ?? MediaTypes.OciIndex, Manifests = entries };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(updated, OciJsonContext.Wire.ImageIndex);
            await AtomicFileWriter.Default.WriteAsync(Path.Combine(Root, IndexFileName), bytes, AtomicWriteMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        Log.ManifestStored(_logger, manifest.Digest, tag ?? string.Empty, DisplayName);
        return tag is null ? descriptor : WithTag(descriptor, tag);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Descriptor> ListReferrersAsync(Digest subject, string? artifactType = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var queue = new Queue<(Descriptor Descriptor, int Depth)>(index.Manifests.Select(d => (d, 0)));
        var visited = new HashSet<Digest>();
        var scanned = 0;
        while (queue.TryDequeue(out var item))
        {
            var (descriptor, depth) = item;
            if (!MediaTypes.ManifestTypes.Contains(descriptor.MediaType) || !visited.Add(descriptor.Digest))
            {
                continue;
            }

            if (++scanned > _options.MaxReferrerScan)
            {
                throw new OciContentException(SignetErrorCode.ContentTooLarge, $"{DisplayName} has more than {_options.MaxReferrerScan} manifests to scan for referrers of {subject}; raise OciLayoutStoreOptions.MaxReferrerScan if the layout is genuine.", subject.ToString());
            }

            if (!File.Exists(BlobPath(descriptor.Digest)))
            {
                // The image spec lets a layout omit blobs (they may live elsewhere); a missing referrer fails closed.
                Log.ReferrerScanSkippedMissingBlob(_logger, descriptor.Digest, DisplayName);
                continue;
            }

            var content = await ReadManifestAsync(descriptor.Digest, descriptor.Size, descriptor.MediaType, cancellationToken).ConfigureAwait(false);
            if ((content.Manifest?.Subject ?? content.Index?.Subject)?.Digest == subject)
            {
                var referrer = ToReferrer(content);
                if (artifactType is null || string.Equals(referrer.ArtifactType, artifactType, StringComparison.Ordinal))
                {
                    yield return referrer;
                }
            }

            if (content.Index is { } nested && depth < _options.MaxIndexDepth)
            {
                foreach (var child in nested.Manifests)
                {
                    queue.Enqueue((child, depth + 1));
                }
            }
        }
    }

    /// <summary>Lists the tags of the layout with the descriptors they name, in <c>index.json</c> order.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, Descriptor>>> ListTagsAsync(CancellationToken cancellationToken = default)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return [.. index.Manifests.Where(d => TagOf(d) is not null).Select(d => KeyValuePair.Create(TagOf(d)!, d))];
    }

    /// <summary>The path of a blob; safe to build from any parsed digest (the hex is validated, no path characters).</summary>
    internal string BlobPath(Digest digest) => Path.Combine(Root, BlobsDirectoryName, digest.AlgorithmName, digest.Hex);

    private static Digest? ParseReference(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (!reference.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        // Tags never contain ':', so anything with one must be a digest, and a malformed one is an error, not a tag.
        return Digest.TryParse(reference, out var digest, out var error)
            ? digest
            : throw new ArgumentException($"The reference '{reference}' is neither a tag nor a valid digest: {error}", nameof(reference));
    }

    private static string? TagOf(Descriptor descriptor) =>
        descriptor.Annotations is { } annotations && annotations.TryGetValue(RefNameAnnotation, out var tag) ? tag : null;

    private static Descriptor WithTag(Descriptor descriptor, string tag)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (descriptor.Annotations is not null)
        {
            foreach (var (key, value) in descriptor.Annotations)
            {
                annotations[key] = value;
            }
        }

        annotations[RefNameAnnotation] = tag;
        return descriptor with { Annotations = annotations };
    }

    private static Descriptor WithoutTag(Descriptor descriptor)
    {
        var rest = descriptor.Annotations!.Where(a => a.Key != RefNameAnnotation).ToDictionary(StringComparer.Ordinal);
        return descriptor with { Annotations = rest.Count == 0 ? null : rest };
    }

    /// <summary>
    /// The new <c>index.json</c> entries: a tag moves to the new manifest (the old manifest stays listed, untagged, so
    /// its referrers remain discoverable); an untagged manifest is listed once.
    /// </summary>
    private static List<Descriptor> UpdateEntries(IReadOnlyList<Descriptor> current, Descriptor pushed, string? tag)
    {
        var entries = new List<Descriptor>(current.Count + 1);
        var alreadyTagged = false;
        foreach (var entry in current)
        {
            var entryTag = TagOf(entry);
            if (tag is not null && entryTag == tag)
            {
                if (entry.Digest == pushed.Digest)
                {
                    alreadyTagged = true;
                    entries.Add(entry);
                }
                else
                {
                    entries.Add(WithoutTag(entry));
                }
            }
            else if (tag is not null && entryTag is null && entry.Digest == pushed.Digest)
            {
                // Replaced by the tagged entry added below.
                continue;
            }
            else
            {
                entries.Add(entry);
            }
        }

        if (tag is not null && !alreadyTagged)
        {
            entries.Add(WithTag(pushed, tag));
        }
        else if (tag is null && !entries.Exists(e => e.Digest == pushed.Digest))
        {
            entries.Add(pushed);
        }

        // An entry untagged above may now duplicate another untagged entry of the same digest: keep the first.
        var seenUntagged = new HashSet<Digest>();
        var taggedDigests = entries.Where(e => TagOf(e) is not null).Select(e => e.Digest).ToHashSet();
        entries.RemoveAll(e => TagOf(e) is null && (taggedDigests.Contains(e.Digest) || !seenUntagged.Add(e.Digest)));
        return entries;
    }

    /// <summary>The descriptor the referrers API would return: artifact type and annotations from the manifest itself.</summary>
    private static Descriptor ToReferrer(ManifestContent content) => new()
    {
        MediaType = content.MediaType,
        Digest = content.Digest,
        Size = content.Bytes.Length,
        ArtifactType = content.Manifest?.EffectiveArtifactType ?? content.Index?.ArtifactType,
        Annotations = content.Manifest?.Annotations ?? content.Index?.Annotations,
    };

    private async Task<ManifestContent> ReadManifestAsync(Digest digest, long? expectedSize, string? mediaType, CancellationToken cancellationToken)
    {
        if (expectedSize > ManifestContent.MaxManifestBytes)
        {
            throw new OciContentException(SignetErrorCode.ContentTooLarge, $"Manifest {digest} in {DisplayName} is {expectedSize} bytes; the limit is {ManifestContent.MaxManifestBytes} bytes.", digest.ToString());
        }

        var bytes = await ReadBlobAsync(digest, expectedSize, ManifestContent.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return ManifestContent.Parse(bytes, mediaType, digest.Algorithm);
        }
        catch (FormatException ex)
        {
            throw new OciContentException(SignetErrorCode.InvalidManifest, $"Manifest {digest} in {DisplayName} is invalid: {ex.Message}", digest.ToString(), ex);
        }
    }

    private async Task<byte[]> ReadBlobAsync(Digest digest, long? expectedSize, long maxBytes, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            await EnsureReadableAsync(cancellationToken).ConfigureAwait(false);
            throw new OciContentException(SignetErrorCode.BlobNotFound, $"Blob {digest} is not in {DisplayName} (no file blobs/{digest.AlgorithmName}/{digest.Hex}).", digest.ToString(), ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            var length = stream.Length;
            if (expectedSize is { } size && length != size)
            {
                throw new OciContentException(SignetErrorCode.DigestMismatch, $"Blob {digest} in {DisplayName} is {length} bytes but its descriptor says {size}: the layout is corrupt or was tampered with.", digest.ToString());
            }

            if (length > maxBytes)
            {
                throw new OciContentException(SignetErrorCode.ContentTooLarge, $"Blob {digest} in {DisplayName} is {length} bytes; the limit is {maxBytes} bytes.", digest.ToString());
            }

            var buffer = new byte[length];
            try
            {
                await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException ex)
            {
                throw new OciContentException(SignetErrorCode.DigestMismatch, $"Blob {digest} in {DisplayName} shrank while it was read.", digest.ToString(), ex);
            }

            if (!digest.Matches(buffer))
            {
                throw new OciContentException(SignetErrorCode.DigestMismatch, $"Blob {digest} in {DisplayName} does not hash to its digest (it hashes to {Digest.Compute(buffer, digest.Algorithm)}): the layout is corrupt or was tampered with.", digest.ToString());
            }

            return buffer;
        }
    }

    private async Task WriteBlobAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        var existing = new FileInfo(path);
        if (existing.Exists && existing.Length == content.Length)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // A blob of the wrong length is a leftover of a foreign writer; replace it with the verified content.
        await AtomicFileWriter.Default.WriteAsync(path, content, existing.Exists ? AtomicWriteMode.Replace : AtomicWriteMode.KeepExisting, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageIndex> ReadIndexAsync(CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(Root, IndexFileName);
        var bytes = await ReadSmallFileAsync(path, _options.MaxIndexBytes, cancellationToken).ConfigureAwait(false);
        ImageIndex? index;
        try
        {
            index = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageIndex);
        }
        catch (JsonException ex)
        {
            throw Invalid($"{DisplayName} has an invalid {IndexFileName}: {ex.Message}", ex);
        }

        if (index is null || index.SchemaVersion != 2)
        {
            throw Invalid($"{DisplayName} has an invalid {IndexFileName}: schemaVersion must be 2.");
        }

        return index;
    }

    private async Task EnsureReadableAsync(CancellationToken cancellationToken)
    {
        if (_layoutChecked)
        {
            return;
        }

        if (!Directory.Exists(Root))
        {
            throw Invalid($"The OCI layout directory '{Root}' does not exist.");
        }

        var layoutPath = Path.Combine(Root, LayoutFileName);
        if (!File.Exists(layoutPath))
        {
            throw Invalid($"'{Root}' is not an OCI image layout: it has no '{LayoutFileName}' file.");
        }

        var bytes = await ReadSmallFileAsync(layoutPath, MaxLayoutFileBytes, cancellationToken).ConfigureAwait(false);
        OciLayoutHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.OciLayoutHeader);
        }
        catch (JsonException ex)
        {
            throw Invalid($"The '{LayoutFileName}' file of '{Root}' is invalid: {ex.Message}", ex);
        }

        if (header?.ImageLayoutVersion != LayoutVersion)
        {
            throw Invalid($"The '{LayoutFileName}' file of '{Root}' declares imageLayoutVersion '{header?.ImageLayoutVersion}'; only '{LayoutVersion}' is supported.");
        }

        if (!File.Exists(Path.Combine(Root, IndexFileName)))
        {
            throw Invalid($"'{Root}' is not a complete OCI image layout: it has no '{IndexFileName}' file.");
        }

        _layoutChecked = true;
    }

    private async Task EnsureWritableAsync(CancellationToken cancellationToken)
    {
        if (_layoutChecked)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var layoutPath = Path.Combine(Root, LayoutFileName);
            var indexPath = Path.Combine(Root, IndexFileName);
            if (!File.Exists(layoutPath))
            {
                // Signet's own leftovers (a temporary file of a creation that crashed) do not make a directory foreign.
                if (Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any(e => !Path.GetFileName(e).StartsWith(".signet-", StringComparison.Ordinal)))
                {
                    throw Invalid($"'{Root}' is not empty and is not an OCI image layout (no '{LayoutFileName}' file); refusing to write into it.");
                }

                Directory.CreateDirectory(Root);

                // The marker first: a crash before index.json leaves a layout this method completes next time.
                var header = JsonSerializer.SerializeToUtf8Bytes(new OciLayoutHeader { ImageLayoutVersion = LayoutVersion }, OciJsonContext.Wire.OciLayoutHeader);
                await AtomicFileWriter.Default.WriteAsync(layoutPath, header, AtomicWriteMode.KeepExisting, cancellationToken).ConfigureAwait(false);
                Log.LayoutCreated(_logger, DisplayName);
            }

            if (!File.Exists(indexPath))
            {
                var empty = JsonSerializer.SerializeToUtf8Bytes(new ImageIndex { MediaType = MediaTypes.OciIndex }, OciJsonContext.Wire.ImageIndex);
                await AtomicFileWriter.Default.WriteAsync(indexPath, empty, AtomicWriteMode.KeepExisting, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        await EnsureReadableAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadSmallFileAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                if (stream.Length > maxBytes)
                {
                    throw new OciContentException(SignetErrorCode.ContentTooLarge, $"'{path}' is {stream.Length} bytes; the limit is {maxBytes} bytes.", null);
                }

                var buffer = new byte[stream.Length];
                await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid($"'{path}' is missing from {DisplayName}.", ex);
        }
    }

    private static OciContentException Invalid(string message, Exception? inner = null) =>
        new(SignetErrorCode.InvalidLayout, message, null, inner);
}
