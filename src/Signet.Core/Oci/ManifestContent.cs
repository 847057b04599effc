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
            // Duplicate keys are refused: two parsers reading different values from one manifest is a known
            // signature-bypass shape (one reads the first "subject", another the last).
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The manifest is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object.");
            }

            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var schemaVersion))
            {
                throw new FormatException("The manifest has no numeric 'schemaVersion'; expected 2.");
            }

            if (schemaVersion != 2)
            {
                throw new FormatException($"The manifest has schemaVersion {schemaVersion}; only 2 (OCI, Docker v2 schema 2) is supported.");
            }

            declared = null;
            if (root.TryGetProperty("mediaType", out var mt))
            {
                declared = mt.ValueKind == JsonValueKind.String
                    ? mt.GetString()
                    : throw new FormatException($"The manifest's 'mediaType' is a JSON {mt.ValueKind.ToString().ToLowerInvariant()}, not a string.");
            }

            hasManifests = root.TryGetProperty("manifests", out _);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The manifest is not valid JSON: {ex.Message}", ex);
        }

        var transport = NormalizeContentType(contentType);
        var transportIsManifest = transport is not null && MediaTypes.ManifestTypes.Contains(transport);
        if (declared is not null && transportIsManifest && transport != declared)
        {
            throw new FormatException($"The manifest declares media type '{declared}' but was served as '{transport}'.");
        }

        var mediaType = declared ?? (transportIsManifest ? transport! : hasManifests ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        if (!MediaTypes.ManifestTypes.Contains(mediaType))
        {
            throw new FormatException($"The media type '{mediaType}' is not a manifest or index Signet can read; supported: {string.Join(", ", MediaTypes.ManifestTypes)}.");
        }

        var digest = Digest.Compute(bytes.Span, algorithm);
        try
        {
            if (MediaTypes.IsIndex(mediaType))
            {
                var index = JsonSerializer.Deserialize(bytes.Span, OciJsonContext.Default.ImageIndex)
                    ?? throw new FormatException("The index is JSON null.");
                foreach (var entry in index.Manifests)
                {
                    CheckDescriptor(entry, "manifests[]");
                }

                CheckDescriptor(index.Subject, "subject");
                return new ManifestContent(bytes, mediaType, digest, null, index);
            }

            var manifest = JsonSerializer.Deserialize(bytes.Span, OciJsonContext.Default.ImageManifest)
                ?? throw new FormatException("The manifest is JSON null.");
            CheckDescriptor(manifest.Config, "config");
            foreach (var layer in manifest.Layers)
            {
                CheckDescriptor(layer, "layers[]");
            }

            CheckDescriptor(manifest.Subject, "subject");
            return new ManifestContent(bytes, mediaType, digest, manifest, null);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {mediaType} content is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>Serializes a manifest once and keeps those bytes (what is pushed is what was digested).</summary>
    public static ManifestContent Create(ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Wire.ImageManifest);
        return new ManifestContent(bytes, manifest.MediaType ?? MediaTypes.OciManifest, Digest.Compute(bytes), manifest, null);
    }

    /// <summary>Serializes an index once and keeps those bytes.</summary>
    public static ManifestContent Create(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Wire.ImageIndex);
        return new ManifestContent(bytes, index.MediaType ?? MediaTypes.OciIndex, Digest.Compute(bytes), null, index);
    }

    /// <summary>
    /// Rejects descriptors that can never be satisfied: a negative size, or embedded <c>data</c> that does not match
    /// the descriptor's digest and size (image-spec descriptor.md: data MUST match).
    /// </summary>
    private static void CheckDescriptor(Descriptor? descriptor, string field)
    {
        if (descriptor is null)
        {
            return;
        }

        if (descriptor.Size < 0)
        {
            throw new FormatException($"The manifest's {field} descriptor {descriptor.Digest} has a negative size ({descriptor.Size}).");
        }

        if (descriptor.Data is { } data && (data.Length != descriptor.Size || !descriptor.Digest.Matches(data)))
        {
            throw new FormatException($"The manifest's {field} descriptor {descriptor.Digest} embeds data that does not match its digest and size.");
        }
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
