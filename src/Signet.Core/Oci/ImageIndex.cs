using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signet.Core.Oci;

/// <summary>
/// A list of manifests: an OCI image index (multi-platform image, referrers response, tag-schema fallback index) or a
/// Docker manifest list (same shape).
/// </summary>
/// <remarks>https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md</remarks>
public sealed record ImageIndex
{
    private readonly IReadOnlyList<Descriptor> _manifests = [];

    /// <summary>Always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>The index media type.</summary>
    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    /// <summary>OCI 1.1 artifact type.</summary>
    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    /// <summary>The manifests listed.</summary>
    [JsonPropertyName("manifests")]
    public IReadOnlyList<Descriptor> Manifests
    {
        get => _manifests;

        // A missing field reads as empty (the source generator passes null for absent init-only members).
        init => _manifests = value ?? [];
    }

    /// <summary>The manifest this index refers to.</summary>
    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; init; }

    /// <summary>Index annotations.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Fields of newer spec versions, kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
