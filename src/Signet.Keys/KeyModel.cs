namespace Signet.Keys;

/// <summary>The key types a vault can create.</summary>
public enum KeyType
{
    /// <summary>RSA 2048-bit.</summary>
    Rsa2048,

    /// <summary>RSA 3072-bit.</summary>
    Rsa3072,

    /// <summary>RSA 4096-bit.</summary>
    Rsa4096,

    /// <summary>ECDSA NIST P-256.</summary>
    EcP256,

    /// <summary>ECDSA NIST P-384.</summary>
    EcP384,

    /// <summary>ECDSA NIST P-521.</summary>
    EcP521,
}

/// <summary>The life-cycle state of a key version.</summary>
public enum KeyVersionState
{
    /// <summary>Signs (when primary) and verifies.</summary>
    Enabled,

    /// <summary>Neither signs nor verifies; can be enabled again.</summary>
    Disabled,

    /// <summary>Neither signs nor verifies; deleted when the deletion time passes.</summary>
    ScheduledForDeletion,
}

/// <summary>One version of a key: the public facts about it (never private material).</summary>
public sealed record KeyVersionInfo
{
    /// <summary>The version id, unique within the key.</summary>
    public required string Id { get; init; }

    /// <summary>When the version was created.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>The version's state.</summary>
    public required KeyVersionState State { get; init; }

    /// <summary>True for the version that signs when no version is named.</summary>
    public required bool IsPrimary { get; init; }

    /// <summary>When a version scheduled for deletion will be deleted.</summary>
    public DateTimeOffset? DeletionTime { get; init; }
}

/// <summary>A key in a vault: stable id, type and versions.</summary>
public sealed record KeyInfo
{
    /// <summary>The stable id policies and signatures name (<c>signet:&lt;name&gt;</c>, a <c>pkcs11:</c> URI…).</summary>
    public required string Id { get; init; }

    /// <summary>The short name.</summary>
    public required string Name { get; init; }

    /// <summary>The key type (same for every version).</summary>
    public required KeyType KeyType { get; init; }

    /// <summary>Versions, oldest first.</summary>
    public required IReadOnlyList<KeyVersionInfo> Versions { get; init; }

    /// <summary>The primary version.</summary>
    public KeyVersionInfo Primary => Versions.Single(v => v.IsPrimary);
}

/// <summary>A public key of one key version, as SubjectPublicKeyInfo DER.</summary>
/// <param name="KeyId">The key's id.</param>
/// <param name="VersionId">The version id.</param>
/// <param name="KeyType">The key type.</param>
/// <param name="SubjectPublicKeyInfo">DER SubjectPublicKeyInfo.</param>
/// <param name="State">The version's state when read.</param>
public sealed record PublicKeyInfo(string KeyId, string VersionId, KeyType KeyType, byte[] SubjectPublicKeyInfo, KeyVersionState State);

/// <summary>The outcome of a signing operation.</summary>
/// <param name="KeyId">The key's id.</param>
/// <param name="VersionId">The version that signed.</param>
/// <param name="Algorithm">The algorithm used.</param>
/// <param name="Signature">Signature bytes; ECDSA signatures are IEEE P1363 <c>r||s</c>.</param>
public sealed record KeySignature(string KeyId, string VersionId, SigningAlgorithm Algorithm, byte[] Signature);
