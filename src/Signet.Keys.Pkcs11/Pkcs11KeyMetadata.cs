using System.Text.Json.Serialization;

namespace Signet.Keys.Pkcs11;

/// <summary>
/// Version facts PKCS#11 has no attribute for (created time, state, primary flag, deletion time), kept in a private
/// CKO_DATA object with the key's CKA_LABEL and CKA_APPLICATION <c>signet.key.v1</c>.
/// </summary>
internal sealed class Pkcs11KeyMetadata
{
    public const string Application = "signet.key.v1";

    /// <summary>Grows with every save; when a crash left two metadata objects, the higher revision wins.</summary>
    public long Revision { get; set; }

    public int NextVersion { get; set; } = 1;

    public List<Pkcs11VersionMetadata> Versions { get; set; } = [];
}

/// <summary>One version's facts; <see cref="Id"/> is the RFC 7512 encoding of the objects' CKA_ID.</summary>
internal sealed class Pkcs11VersionMetadata
{
    public string Id { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public KeyVersionState State { get; set; }

    public bool Primary { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DeletionTime { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Pkcs11KeyMetadata))]
internal sealed partial class Pkcs11MetadataJsonContext : JsonSerializerContext;
