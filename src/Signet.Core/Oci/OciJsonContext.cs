using System.Text.Json.Serialization;

namespace Signet.Core.Oci;

/// <summary>Source-generated JSON metadata for the OCI model (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = 64,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(OciLayoutHeader))]
public sealed partial class OciJsonContext : JsonSerializerContext;
