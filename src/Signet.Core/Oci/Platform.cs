using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signet.Core.Oci;

/// <summary>The platform a manifest in an index runs on (OCI image-spec image-index.md).</summary>
public sealed record Platform
{
    /// <summary>CPU architecture (<c>amd64</c>, <c>arm64</c>…).</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>Operating system (<c>linux</c>, <c>windows</c>…).</summary>
    [JsonPropertyName("os")]
    public required string OS { get; init; }

    /// <summary>OS version, Windows only.</summary>
    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    /// <summary>CPU variant (<c>v8</c>…).</summary>
    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>Fields of newer spec versions, kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
