using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;

namespace Signet.Keys;

/// <summary>
/// The one key vault callers use: routes each key id to the registered provider that handles it (the embedded store for
/// <c>signet:&lt;name&gt;</c> and bare names, the PKCS#11 provider for <c>pkcs11:</c> URIs, a cloud KMS…) and verifies
/// signatures with the public key of any enabled version, or only the versions the caller pins.
/// </summary>
public sealed partial class KeyVault : IKeyProvider
{
    private readonly IKeyProvider[] _providers;
    private readonly ILogger _logger;

    /// <summary>Creates the vault over the providers, tried in registration order.</summary>
    public KeyVault(IEnumerable<IKeyProvider> providers, ILogger<KeyVault>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = providers.Where(p => p is not KeyVault).ToArray();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The registered providers.</summary>
    public IReadOnlyList<IKeyProvider> Providers => _providers;

    /// <inheritdoc />
    public string Name => "vault";

    /// <inheritdoc />
    public bool CanHandle(string keyId) => _providers.Any(p => p.CanHandle(keyId));

    /// <summary>The provider that handles <paramref name="keyId"/>; throws naming the registered providers when none does.</summary>
    public IKeyProvider ProviderFor(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return _providers.FirstOrDefault(p => p.CanHandle(keyId))
            ?? throw new KeyProviderException(
                KeyErrorCode.InvalidKeyId,
                _providers.Length == 0
                    ? $"No key provider is registered, so key '{keyId}' cannot be used; register one (AddSignetKeys().AddEmbeddedKeyStore())."
                    : $"No key provider handles key '{keyId}'; registered: {string.Join(", ", _providers.Select(p => p.Name))} (ids look like signet:<name> or pkcs11:token=...;object=...).",
                keyId);
    }

    /// <inheritdoc />
    public Task<KeyInfo> CreateKeyAsync(string name, KeyType keyType, CancellationToken cancellationToken = default) =>
        ProviderFor(name).CreateKeyAsync(name, keyType, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<KeyInfo>();
        foreach (var provider in _providers)
        {
            keys.AddRange(await provider.ListKeysAsync(cancellationToken).ConfigureAwait(false));
        }

        return keys;
    }

    /// <inheritdoc />
    public Task<KeyInfo> GetKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        ProviderFor(keyId).GetKeyAsync(keyId, cancellationToken);

    /// <inheritdoc />
    public Task<KeyInfo> RotateKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        ProviderFor(keyId).RotateKeyAsync(keyId, cancellationToken);

    /// <inheritdoc />
    public Task<KeyInfo> SetVersionStateAsync(string keyId, string versionId, KeyVersionState state, CancellationToken cancellationToken = default) =>
        ProviderFor(keyId).SetVersionStateAsync(keyId, versionId, state, cancellationToken);

    /// <inheritdoc />
    public Task<PublicKeyInfo> GetPublicKeyAsync(string keyId, string? versionId = null, CancellationToken cancellationToken = default) =>
        ProviderFor(keyId).GetPublicKeyAsync(keyId, versionId, cancellationToken);

    /// <inheritdoc />
    public Task<KeySignature> SignAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        ProviderFor(keyId).SignAsync(keyId, versionId, algorithm, data, cancellationToken);

    /// <inheritdoc />
    public Task<KeySignature> SignDigestAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default) =>
        ProviderFor(keyId).SignDigestAsync(keyId, versionId, algorithm, digest, cancellationToken);

    /// <summary>
    /// Verifies <paramref name="signature"/> over the message <paramref name="data"/> with the key's enabled versions
    /// (only those in <paramref name="pinnedVersions"/> when given). Bad signatures are results, not exceptions; an
    /// unknown key throws <see cref="KeyProviderException"/>.
    /// </summary>
    public Task<KeyVerificationResult> VerifyAsync(
        string keyId,
        SigningAlgorithm algorithm,
        ReadOnlyMemory<byte> data,
        ReadOnlyMemory<byte> signature,
        IReadOnlyCollection<string>? pinnedVersions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return VerifyDigestAsync(keyId, algorithm, algorithm.HashData(data.Span), signature, pinnedVersions, cancellationToken);
    }

    /// <summary>Verifies a signature over a digest the caller computed; see <see cref="VerifyAsync"/>.</summary>
    public async Task<KeyVerificationResult> VerifyDigestAsync(
        string keyId,
        SigningAlgorithm algorithm,
        ReadOnlyMemory<byte> digest,
        ReadOnlyMemory<byte> signature,
        IReadOnlyCollection<string>? pinnedVersions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var provider = ProviderFor(keyId);
        var key = await provider.GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (!key.KeyType.Fits(algorithm))
        {
            return Fail(key.Id, null, SignetErrorCode.UnsupportedAlgorithm, $"Key '{key.Id}' is {key.KeyType}; a {algorithm.Name} signature cannot have been made with it.");
        }

        var candidates = key.Versions.Where(v => pinnedVersions is null || pinnedVersions.Contains(v.Id)).ToList();
        if (pinnedVersions is not null && candidates.Count == 0)
        {
            return Fail(key.Id, pinnedVersions.FirstOrDefault(), SignetErrorCode.KeyNotTrusted, $"Key '{key.Id}' has none of the pinned versions ({string.Join(", ", pinnedVersions)}); versions: {string.Join(", ", key.Versions.Select(v => v.Id))}.");
        }

        var enabled = candidates.Where(v => v.State == KeyVersionState.Enabled).ToList();
        foreach (var version in enabled)
        {
            var publicKey = await provider.GetPublicKeyAsync(key.Id, version.Id, cancellationToken).ConfigureAwait(false);
            if (PublicKeyVerifier.VerifyDigest(publicKey.SubjectPublicKeyInfo, algorithm, digest.Span, signature.Span))
            {
                Log.Verified(_logger, key.Id, version.Id);
                return new KeyVerificationResult(true, key.Id, version.Id, "", $"Signature verified with key '{key.Id}' version {version.Id}.");
            }
        }

        // Before reporting "invalid", say whether a disabled version would have verified it: that is the actionable cause.
        foreach (var version in candidates.Where(v => v.State != KeyVersionState.Enabled))
        {
            var publicKey = await provider.GetPublicKeyAsync(key.Id, version.Id, cancellationToken).ConfigureAwait(false);
            if (PublicKeyVerifier.VerifyDigest(publicKey.SubjectPublicKeyInfo, algorithm, digest.Span, signature.Span))
            {
                return Fail(key.Id, version.Id, SignetErrorCode.KeyVersionDisabled, $"The signature was made with key '{key.Id}' version {version.Id}, which is {version.State}; signatures of disabled versions are not accepted.");
            }
        }

        var tried = enabled.Count == 0 ? "no enabled version" : "versions " + string.Join(", ", enabled.Select(v => v.Id));
        return Fail(key.Id, pinnedVersions?.FirstOrDefault(), SignetErrorCode.SignatureInvalid, $"The {algorithm.Name} signature does not verify with key '{key.Id}' ({tried} tried).");
    }

    /// <inheritdoc />
    public override string ToString() => $"key vault ({string.Join(", ", _providers.Select(p => p.Name))})";

    private KeyVerificationResult Fail(string keyId, string? versionId, string code, string message)
    {
        Log.VerificationFailed(_logger, keyId, code);
        return new KeyVerificationResult(false, keyId, versionId, code, message);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Keys + 20, Level = LogLevel.Debug, Message = "Signature verified with key {KeyId} version {VersionId}")]
        public static partial void Verified(ILogger logger, string keyId, string versionId);

        [LoggerMessage(EventId = SignetEventId.Keys + 21, Level = LogLevel.Information, Message = "Signature did not verify with key {KeyId}: {Code}")]
        public static partial void VerificationFailed(ILogger logger, string keyId, string code);
    }
}
