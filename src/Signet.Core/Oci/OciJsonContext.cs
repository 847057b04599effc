using System.Text.Encodings.Web;
using System.Text.Json;
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
public sealed partial class OciJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context to WRITE manifests, indexes and layout files with. The default encoder escapes '+' as
    /// <c>\u002B</c> (every media type has one), which Go tools never write; this one writes such characters
    /// verbatim, so Signet's manifests look like notation's and oras's. Reading is the same with either context.
    /// </summary>
    public static OciJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
        AllowDuplicateProperties = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
