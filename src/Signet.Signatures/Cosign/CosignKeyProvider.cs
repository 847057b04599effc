using System.Security.Cryptography;
using Signet.Keys;

namespace Signet.Signatures.Cosign;

/// <summary>
/// A read-only key provider over one cosign key pair (decrypted from an <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> file), so
/// that the cosign signer signs with cosign key files through the same <see cref="IKeyProvider"/> seam as vault keys.
/// </summary>
/// <remarks>
/// The key has one version, <c>1</c>, which is primary and enabled. Creating, rotating and disabling are not
/// possible on a key file and throw <see cref="KeyProviderException"/> with code <c>KEY_PROVIDER_ERROR</c>.
/// </remarks>
public sealed class CosignKeyProvider : IKeyProvider, IDisposable
{
    /// <summary>The version id of the single version.</summary>
    public const string VersionId = "1";

    private readonly AsymmetricAlgorithm _key;
    private readonly KeyInfo _info;
    private readonly byte[] _spki;

    /// <summary>Wraps a decrypted key (an <see cref="ECDsa"/> or <see cref="RSA"/>, owned by this provider from now on).</summary>
    /// <param name="key">The private key.</param>
    /// <param name="keyId">The id signatures and messages name; <c>cosign:</c> and the key's SPKI fingerprint when null.</param>
    /// <param name="created">When the key was made, for <see cref="KeyVersionInfo.Created"/>.</param>
    public CosignKeyProvider(AsymmetricAlgorithm key, string? keyId = null, DateTimeOffset created = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _spki = key.ExportSubjectPublicKeyInfo();
        var keyType = key switch
        {
            ECDsa ec => ec.KeySize switch
            {
                256 => KeyType.EcP256,
                384 => KeyType.EcP384,
                521 => KeyType.EcP521,
                _ => throw new ArgumentException($"ECDSA keys of {ec.KeySize} bits are not supported.", nameof(key)),
            },
            RSA rsa => rsa.KeySize switch
            {
                2048 => KeyType.Rsa2048,
                3072 => KeyType.Rsa3072,
                4096 => KeyType.Rsa4096,
                _ => throw new ArgumentException($"RSA keys of {rsa.KeySize} bits are not supported; use 2048, 3072 or 4096.", nameof(key)),
            },
            _ => throw new ArgumentException("Only ECDSA and RSA keys are supported.", nameof(key)),
        };
        var id = keyId ?? "cosign:" + Convert.ToHexStringLower(SHA256.HashData(_spki));
        _info = new KeyInfo
        {
            Id = id,
            Name = id,
            KeyType = keyType,
            Versions = [new KeyVersionInfo { Id = VersionId, Created = created, State = KeyVersionState.Enabled, IsPrimary = true }],
        };
    }

    /// <inheritdoc />
    public string Name => "cosign-key-file";

    /// <summary>The key's id.</summary>
    public string KeyId => _info.Id;

    /// <summary>Decrypts a cosign private key file's content and wraps it.</summary>
    public static CosignKeyProvider FromEncryptedPem(string pem, ReadOnlySpan<byte> password, string? keyId = null) =>
        new(CosignPrivateKey.Decrypt(pem, password), keyId);

    /// <inheritdoc />
    public bool CanHandle(string keyId) => string.Equals(keyId, _info.Id, StringComparison.Ordinal);

    /// <inheritdoc />
    public Task<KeyInfo> CreateKeyAsync(string name, KeyType keyType, CancellationToken cancellationToken = default) => throw NotSupported("create keys");

    /// <inheritdoc />
    public Task<IReadOnlyList<KeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<KeyInfo>>([_info]);

    /// <inheritdoc />
    public Task<KeyInfo> GetKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        Check(keyId, null);
        return Task.FromResult(_info);
    }

    /// <inheritdoc />
    public Task<KeyInfo> RotateKeyAsync(string keyId, CancellationToken cancellationToken = default) => throw NotSupported("rotate keys");

    /// <inheritdoc />
    public Task<KeyInfo> SetVersionStateAsync(string keyId, string versionId, KeyVersionState state, CancellationToken cancellationToken = default) =>
        throw NotSupported("change key version states");

    /// <inheritdoc />
    public Task<PublicKeyInfo> GetPublicKeyAsync(string keyId, string? versionId = null, CancellationToken cancellationToken = default)
    {
        Check(keyId, versionId);
        return Task.FromResult(new PublicKeyInfo(_info.Id, VersionId, _info.KeyType, (byte[])_spki.Clone(), KeyVersionState.Enabled));
    }

    /// <inheritdoc />
    public Task<KeySignature> SignAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        Check(keyId, versionId);
        CheckAlgorithm(algorithm);
        cancellationToken.ThrowIfCancellationRequested();
        var signature = _key is ECDsa ecdsa
            ? ecdsa.SignData(data.Span, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : ((RSA)_key).SignData(data.Span, algorithm.Hash, algorithm.RsaPadding);
        return Task.FromResult(new KeySignature(_info.Id, VersionId, algorithm, signature));
    }

    /// <inheritdoc />
    public Task<KeySignature> SignDigestAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        Check(keyId, versionId);
        CheckAlgorithm(algorithm);
        if (digest.Length != algorithm.HashSizeInBytes)
        {
            throw new KeyProviderException(KeyErrorCode.InvalidDigest, $"A {algorithm.Name} digest is {algorithm.HashSizeInBytes} bytes, not {digest.Length}.", _info.Id);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var signature = _key is ECDsa ecdsa
            ? ecdsa.SignHash(digest.Span, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : ((RSA)_key).SignHash(digest.Span, algorithm.Hash, algorithm.RsaPadding);
        return Task.FromResult(new KeySignature(_info.Id, VersionId, algorithm, signature));
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private void Check(string keyId, string? versionId)
    {
        if (!CanHandle(keyId))
        {
            throw new KeyProviderException(KeyErrorCode.KeyNotFound, $"The cosign key file holds key '{_info.Id}', not '{keyId}'.", keyId);
        }

        if (versionId is not null && versionId != VersionId)
        {
            throw new KeyProviderException(KeyErrorCode.VersionNotFound, $"The cosign key '{_info.Id}' has only version '{VersionId}', not '{versionId}'.", keyId);
        }
    }

    private void CheckAlgorithm(SigningAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var fits = _key is ECDsa ? algorithm.Scheme == SignatureScheme.Ecdsa : algorithm.IsRsa;
        if (!fits || algorithm.HashSizeInBytes == 28)
        {
            throw new KeyProviderException(KeyErrorCode.AlgorithmMismatch, $"The cosign key '{_info.Id}' ({_info.KeyType}) cannot sign with {algorithm.Name}.", _info.Id);
        }
    }

    private KeyProviderException NotSupported(string what) =>
        new(KeyErrorCode.ProviderError, $"A cosign key file cannot {what}; key '{_info.Id}' is read-only.", _info.Id);
}
