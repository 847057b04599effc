namespace Signet.Policy.Model;

/// <summary>A trusted vault key (OKE <c>kmsKeyId</c>): any enabled version, or only the pinned versions.</summary>
/// <param name="KeyId">The key id as signatures record it (<c>ocid1.key…</c>, <c>signet:release</c>, a <c>pkcs11:</c> URI).</param>
/// <param name="Versions">Pinned version ids; empty means any version of the key.</param>
/// <param name="Location">Where the key was named in the policy file.</param>
public sealed record VaultKeyTrust(string KeyId, IReadOnlyList<string> Versions, SourceLocation? Location = null)
{
    /// <summary>True when a signature by <paramref name="version"/> of this key is trusted.</summary>
    public bool AcceptsVersion(string? version) =>
        Versions.Count == 0 || (version is not null && Versions.Contains(version, StringComparer.Ordinal));

    /// <inheritdoc />
    public override string ToString() => Versions.Count == 0 ? KeyId : $"{KeyId} (versions {string.Join(", ", Versions)})";
}
