using System.Text.Json;
using Signet.Core.Digests;

namespace Signet.Core.Oci;

/// <summary>
/// A manifest or index exactly as received or written: its bytes, media type and the digest of those bytes, with the
/// parsed form. Keeping the bytes is what lets digests be verified and re-pushed without re-serialization.
/// </summary>
public sealed class ManifestContent
{
    /// <summary>The largest manifest Signet accepts (4 MiB, the limit registries and notation apply).</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private ManifestContent(ReadOnlyMemory<byte> bytes, string mediaType, Digest digest, ImageManifest? manifest, ImageIndex? index)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Digest = digest;
        Manifest = manifest;
        Index = index;
    }

    /// <summary>The exact bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The media type (from the content's <c>mediaType</c> field or the transport's content type).</summary>
    public string MediaType { get; }

    /// <summary>Digest of <see cref="Bytes"/>.</summary>
    public Digest Digest { get; }

    /// <summary>The parsed manifest, when this is a single-platform manifest.</summary>
    public ImageManifest? Manifest { get; }

    /// <summary>The parsed index, when this is an index or manifest list.</summary>
    public ImageIndex? Index { get; }

    /// <summary>A descriptor of this content.</summary>
    public Descriptor ToDescriptor() => new()
    {
        MediaType = MediaType,
        Digest = Digest,
        Size = Bytes.Length,
        ArtifactType = Manifest?.ArtifactType ?? Index?.ArtifactType,
    };

    /// <summary>
    /// Parses manifest bytes. The media type is taken from the JSON <c>mediaType</c> field, else
    /// <paramref name="contentType"/>, else inferred from the shape (<c>manifests</c> means an index).
    /// Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static ManifestContent Parse(ReadOnlyMemory<byte> bytes, string? contentType = null, DigestAlgorithm algorithm = DigestAlgorithm.Sha256)
    {
        if (bytes.Length > MaxManifestBytes)
        {
            throw new FormatException($"The manifest is {bytes.Length} bytes; the limit is {MaxManifestBytes} bytes.");
        }

        string? declared;
        bool hasManifests;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The manifest is not a JSON object.");
            }

            declared = document.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
            hasManifests = document.RootElement.TryGetProperty("manifests", out _);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The manifest is not valid JSON: {ex.Message}", ex);
        }

        var mediaType = declared ?? NormalizeContentType(contentType) ?? (hasManifests ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        if (declared is not null && NormalizeContentType(contentType) is { } transport && MediaTypes.ManifestTypes.Contains(transport) && transport != declared)
        {
            throw new FormatException($"The manifest declares media type '{declared}' but was served as '{transport}'.");
        }

        var digest = Digest.Compute(bytes.Span, algorithm);
        try
        {
            if (MediaTypes.IsIndex(mediaType))
            {
                var index = JsonSerializer.Deserialize(bytes.Span, OciJsonContext.Default.ImageIndex)
                    ?? throw new FormatException("The index is JSON null.");
                return new ManifestContent(bytes, mediaType, digest, null, index);
            }

            if (MediaTypes.IsManifest(mediaType) || !hasManifests)
            {
                var manifest = JsonSerializer.Deserialize(bytes.Span, OciJsonContext.Default.ImageManifest)
                    ?? throw new FormatException("The manifest is JSON null.");
                return new ManifestContent(bytes, mediaType, digest, manifest, null);
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {mediaType} content is malformed: {ex.Message}", ex);
        }

        throw new FormatException($"The media type '{mediaType}' is not a manifest or index Signet can read; supported: {string.Join(", ", MediaTypes.ManifestTypes)}.");
    }

    /// <summary>Serializes a manifest once and keeps those bytes (what is pushed is what was digested).</summary>
    public static ManifestContent Create(ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.ImageManifest);
        return new ManifestContent(bytes, manifest.MediaType ?? MediaTypes.OciManifest, Digest.Compute(bytes), manifest, null);
    }

    /// <summary>Serializes an index once and keeps those bytes.</summary>
    public static ManifestContent Create(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.ImageIndex);
        return new ManifestContent(bytes, index.MediaType ?? MediaTypes.OciIndex, Digest.Compute(bytes), null, index);
    }

    private static string? NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
    }
}
