using System.Text.Json;
using System.Text.Json.Serialization;
using Signet.Core.Digests;

namespace Signet.Core.Oci;

/// <summary>
/// Points at content by media type, digest and size: how manifests name their config, layers, subject and the
/// manifests of an index.
/// </summary>
/// <remarks>https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md</remarks>
public sealed record Descriptor
{
    /// <summary>Media type of the referenced content.</summary>
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    /// <summary>Digest of the referenced content's exact bytes.</summary>
    [JsonPropertyName("digest")]
    public required Digest Digest { get; init; }

    /// <summary>Size of the referenced content in bytes.</summary>
    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>Alternate download locations (rare; informational).</summary>
    [JsonPropertyName("urls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>Annotations of the descriptor.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Embedded content, base64 in JSON (used by the OCI 1.1 empty descriptor).</summary>
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? Data { get; init; }

    /// <summary>Platform, for entries of an index.</summary>
    [JsonPropertyName("platform")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Platform? Platform { get; init; }

    /// <summary>Artifact type, for referrers and index entries.</summary>
    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    /// <summary>Fields of newer spec versions, kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The OCI 1.1 empty JSON descriptor (<c>{}</c>), config of artifacts that carry no config.</summary>
    public static Descriptor EmptyJson { get; } = new()
    {
        MediaType = MediaTypes.OciEmpty,
        Digest = Digest.Parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        Size = 2,
        Data = "{}"u8.ToArray(),
    };

    /// <summary>Describes <paramref name="content"/> with the given media type (sha256).</summary>
    public static Descriptor For(string mediaType, ReadOnlySpan<byte> content) => new()
    {
        MediaType = mediaType,
        Digest = Digest.Compute(content),
        Size = content.Length,
    };

    /// <summary>True when media type, digest and size are equal: the identity notation and oras use.</summary>
    public bool IsSameContent(Descriptor other) =>
        other is not null && other.Size == Size && other.Digest == Digest && string.Equals(other.MediaType, MediaType, StringComparison.Ordinal);
}
