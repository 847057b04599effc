using System.Text.Json.Serialization;

namespace Signet.Keys.Embedded;

/// <summary>
/// One embedded key file (<c>&lt;name&gt;.json</c>): public metadata in clear, each version's PKCS#8 private key sealed
/// with AES-256-GCM. See docs/keys.md for the format.
/// </summary>
internal sealed class KeyFileDocument
{
    public const string CurrentFormat = "signet.key.v1";

    public string Format { get; set; } = CurrentFormat;

    public string Name { get; set; } = "";

    public KeyType KeyType { get; set; }

    public DateTimeOffset Created { get; set; }

    /// <summary>The number of the next version (<c>v&lt;n&gt;</c>); never reused, even after a deletion.</summary>
    public int NextVersion { get; set; }

    public KdfParameters Kdf { get; set; } = new();

    public List<KeyFileVersion> Versions { get; set; } = [];
}

/// <summary>How the file's encryption key is derived from the passphrase.</summary>
internal sealed class KdfParameters
{
    public const string Pbkdf2Sha256 = "PBKDF2-SHA256";

    public string Algorithm { get; set; } = Pbkdf2Sha256;

    public int Iterations { get; set; }

    public byte[] Salt { get; set; } = [];

    /// <summary>HKDF-derived check value: tells a wrong passphrase apart from a corrupted ciphertext.</summary>
    public byte[] Check { get; set; } = [];
}

/// <summary>One version: public facts and the sealed private key (null once the version is deleted).</summary>
internal sealed class KeyFileVersion
{
    public string Id { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public KeyVersionState State { get; set; }

    public bool Primary { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DeletionTime { get; set; }

    /// <summary>DER SubjectPublicKeyInfo (base64 in JSON).</summary>
    public byte[] PublicKey { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SealedPrivateKey? PrivateKey { get; set; }
}

/// <summary>AES-256-GCM sealed PKCS#8; the associated data binds it to the key name, version id and public key.</summary>
internal sealed class SealedPrivateKey
{
    public const string Aes256Gcm = "AES-256-GCM";

    public string Cipher { get; set; } = Aes256Gcm;

    public byte[] Nonce { get; set; } = [];

    public byte[] Ciphertext { get; set; } = [];

    public byte[] Tag { get; set; } = [];

    /// <summary>Never prints key material, even sealed.</summary>
    public override string ToString() => $"{Cipher} sealed private key";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(KeyFileDocument))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
