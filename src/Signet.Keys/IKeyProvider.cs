namespace Signet.Keys;

/// <summary>
/// A key vault backend: the embedded encrypted store, a PKCS#11 token, or a cloud KMS. The seam every backend
/// implements; callers reach it through the KeyVault, which picks the backend by key id.
/// </summary>
/// <remarks>
/// Failures of the machine or bad requests (unknown key, wrong passphrase, disabled version) throw
/// <see cref="KeyProviderException"/> with a message naming the key and the cause. Private key material never leaves
/// the provider and never appears in messages.
/// </remarks>
public interface IKeyProvider
{
    /// <summary>A short name for messages (<c>embedded</c>, <c>pkcs11</c>).</summary>
    string Name { get; }

    /// <summary>True when <paramref name="keyId"/> (an id or a bare name) belongs to this provider.</summary>
    bool CanHandle(string keyId);

    /// <summary>Creates a key with a first, primary, enabled version.</summary>
    Task<KeyInfo> CreateKeyAsync(string name, KeyType keyType, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys.</summary>
    Task<IReadOnlyList<KeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one key's public facts.</summary>
    Task<KeyInfo> GetKeyAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>Creates a new version and makes it primary; older versions stay enabled (and verify).</summary>
    Task<KeyInfo> RotateKeyAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>Enables, disables or schedules deletion of one version; the primary version cannot be disabled.</summary>
    Task<KeyInfo> SetVersionStateAsync(string keyId, string versionId, KeyVersionState state, CancellationToken cancellationToken = default);

    /// <summary>The public key of a version (the primary one when <paramref name="versionId"/> is null).</summary>
    Task<PublicKeyInfo> GetPublicKeyAsync(string keyId, string? versionId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs <paramref name="data"/> (the message, hashed by the provider) with a version (the primary one when
    /// <paramref name="versionId"/> is null). A disabled version, or an algorithm that does not fit the key, throws.
    /// </summary>
    Task<KeySignature> SignAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Signs a digest computed by the caller (its length must be the algorithm's hash length).</summary>
    Task<KeySignature> SignDigestAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default);
}
