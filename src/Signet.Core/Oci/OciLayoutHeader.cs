using System.Text.Json.Serialization;

namespace Signet.Core.Oci;

/// <summary>The <c>oci-layout</c> marker file of an OCI image layout directory.</summary>
/// <remarks>https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md</remarks>
public sealed record OciLayoutHeader
{
    /// <summary>The layout version; Signet reads and writes <c>1.0.0</c>.</summary>
    [JsonPropertyName("imageLayoutVersion")]
    public required string ImageLayoutVersion { get; init; }
}
