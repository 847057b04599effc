using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signet.Core.Oci;

/// <summary>
/// A single-platform image or artifact manifest: OCI image manifest v1 or Docker image manifest v2 schema 2 (same shape).
/// </summary>
/// <remarks>
/// https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md. The digest of a manifest is always taken over
/// the bytes received or written (<see cref="ManifestContent"/>), never over this object serialized again.
/// </remarks>
public sealed record ImageManifest
{
    private readonly IReadOnlyList<Descriptor> _layers = [];

    /// <summary>Always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>The manifest media type (required by Docker, recommended by OCI).</summary>
    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    /// <summary>OCI 1.1 artifact type (signatures and other referrers).</summary>
    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    /// <summary>The image config, or the empty descriptor for artifacts.</summary>
    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    /// <summary>Layers (image file systems, or the blobs of an artifact).</summary>
    [JsonPropertyName("layers")]
    public IReadOnlyList<Descriptor> Layers
    {
        get => _layers;

        // A missing field reads as empty (the source generator passes null for absent init-only members).
        init => _layers = value ?? [];
    }

    /// <summary>The manifest this one refers to (OCI 1.1 referrers, e.g. the image a signature signs).</summary>
    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; init; }

    /// <summary>Manifest annotations.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Fields of newer spec versions, kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// The artifact type as the referrers API reports it: <c>artifactType</c>, else the config media type
    /// (distribution-spec v1.1.0, "Listing Referrers").
    /// </summary>
    [JsonIgnore]
    public string EffectiveArtifactType => ArtifactType ?? Config.MediaType;
}
