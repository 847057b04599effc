using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Keys;
using Signet.Signatures.Cosign;

namespace Signet.Signatures.Vault;

/// <summary>
/// Verifies Signet vault-key signatures against trusted vault keys: the signature over the stored message, and that
/// the message signs this image (digest and repository) with the key version and algorithm it claims.
/// </summary>
/// <remarks>
/// Order: the artifact's annotations pick the key (<c>KEY_NOT_TRUSTED</c> before any blob is read), the key version's
/// public key and state come from the vault (cached for <see cref="VaultVerifierOptions.PublicKeyCacheDuration"/>), the
/// message blob is read within its size limit and the signature checked (<c>SIGNATURE_INVALID</c>), a disabled or
/// deleted version fails with <c>KEY_VERSION_DISABLED</c>, then the message is parsed (canonical form only) and must
/// agree with the annotations, the subject digest and the image repository (<c>SIGNATURE_SUBJECT_MISMATCH</c>: a genuine
/// signature copied onto another image fails, unlike Oracle's <c>get-verify</c>).
/// </remarks>
public sealed partial class VaultSignatureVerifier : ISignatureVerifier
{
    private const int MaxCachedKeys = 1024;

    private readonly Dictionary<string, TrustedVaultKey> _trusted;
    private readonly IKeyProvider _vault;
    private readonly VaultVerifierOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string KeyId, string VersionId), CachedKey> _cache = new();

    /// <summary>Creates a verifier that trusts <paramref name="trustedKeys"/> and reads public keys from <paramref name="vault"/>.</summary>
    public VaultSignatureVerifier(
        IEnumerable<TrustedVaultKey> trustedKeys,
        IKeyProvider vault,
        VaultVerifierOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<VaultSignatureVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentNullException.ThrowIfNull(vault);
        _trusted = new Dictionary<string, TrustedVaultKey>(StringComparer.Ordinal);
        foreach (var key in trustedKeys)
        {
            ArgumentException.ThrowIfNullOrEmpty(key.KeyId, nameof(trustedKeys));
            if (!_trusted.TryAdd(key.KeyId, key))
            {
                throw new ArgumentException($"The trusted key '{key.KeyId}' is listed twice.", nameof(trustedKeys));
            }
        }

        if (_trusted.Count == 0)
        {
            throw new ArgumentException("A vault signature verifier needs at least one trusted key.", nameof(trustedKeys));
        }

        _vault = vault;
        _options = options ?? new VaultVerifierOptions();
        if (_options.MaxMessageBytes < 1 || _options.MaxSignatureAnnotationChars < 1 || _options.PublicKeyCacheDuration < TimeSpan.Zero)
        {
            throw new ArgumentException("The vault verifier limits must be positive and the cache duration not negative.", nameof(options));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public SignatureFormat Format => SignatureFormat.Vault;

    /// <inheritdoc />
    public bool CanVerify(ImageManifest signatureManifest) =>
        signatureManifest is not null && string.Equals(signatureManifest.ArtifactType, VaultSignatureArtifact.ArtifactType, StringComparison.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(SignatureVerificationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await VerifyCoreAsync(context, cancellationToken).ConfigureAwait(false);
        if (result.IsValid)
        {
            Log.Verified(_logger, context.Subject.Digest, result.Signer?.KeyId, result.Signer?.KeyVersion);
        }
        else
        {
            Log.Rejected(_logger, context.Subject.Digest, result.Code, result.Message);
        }

        return [result];
    }

    private async Task<SignatureVerificationResult> VerifyCoreAsync(SignatureVerificationContext context, CancellationToken cancellationToken)
    {
        var where = $"vault signature {context.SignatureManifest.Digest}";
        var manifest = context.SignatureManifest.Manifest;
        if (manifest is null || !CanVerify(manifest))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} is not a '{VaultSignatureArtifact.ArtifactType}' manifest.");
        }

        var annotations = manifest.Annotations ?? new Dictionary<string, string>();
        if (!annotations.TryGetValue(VaultSignatureArtifact.KeyIdAnnotation, out var keyId)
            || !annotations.TryGetValue(VaultSignatureArtifact.KeyVersionAnnotation, out var versionId)
            || !annotations.TryGetValue(VaultSignatureArtifact.AlgorithmAnnotation, out var algorithmName))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} lacks one of the annotations {VaultSignatureArtifact.KeyIdAnnotation}, {VaultSignatureArtifact.KeyVersionAnnotation}, {VaultSignatureArtifact.AlgorithmAnnotation}.");
        }

        var signer = new SignerIdentity { KeyId = keyId, KeyVersion = versionId };
        if (!_trusted.TryGetValue(keyId, out var trusted))
        {
            return Fail(context, SignetErrorCode.KeyNotTrusted, $"The {where} was made with key '{keyId}', which the policy does not trust (trusted: {string.Join(", ", _trusted.Keys)}). Add the key to the policy's trusted keys if it should be.", signer);
        }

        if (trusted.Versions is { Count: > 0 } pins && !pins.Contains(versionId, StringComparer.Ordinal))
        {
            return Fail(context, SignetErrorCode.KeyNotTrusted, $"The {where} was made with version '{versionId}' of key '{keyId}'; the policy trusts only versions {string.Join(", ", pins)}.", signer);
        }

        if (!SigningAlgorithm.TryParse(algorithmName, out var algorithm) || !string.Equals(algorithm.Name, algorithmName, StringComparison.Ordinal))
        {
            return Fail(context, SignetErrorCode.UnsupportedAlgorithm, $"The {where} names the algorithm '{algorithmName}'; supported: {string.Join(", ", SigningAlgorithm.All.Select(a => a.Name))}.", signer);
        }

        if (manifest.Layers.Count != 1 || !string.Equals(manifest.Layers[0].MediaType, VaultSignatureArtifact.MessageMediaType, StringComparison.Ordinal))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} must have exactly one '{VaultSignatureArtifact.MessageMediaType}' layer; it has {manifest.Layers.Count} layer(s).", signer, algorithm);
        }

        var layer = manifest.Layers[0];
        if (layer.Annotations is null || !layer.Annotations.TryGetValue(VaultSignatureArtifact.SignatureAnnotation, out var encoded))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} has no '{VaultSignatureArtifact.SignatureAnnotation}' layer annotation.", signer, algorithm);
        }

        if (encoded.Length > _options.MaxSignatureAnnotationChars)
        {
            return Fail(context, SignetErrorCode.SignatureTooLarge, $"The signature annotation of the {where} is {encoded.Length} characters; the limit is {_options.MaxSignatureAnnotationChars}.", signer, algorithm);
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The '{VaultSignatureArtifact.SignatureAnnotation}' annotation of the {where} is not base64.", signer, algorithm);
        }

        if (layer.Size < 0 || layer.Size > _options.MaxMessageBytes)
        {
            return Fail(context, SignetErrorCode.SignatureTooLarge, $"The message of the {where} is {layer.Size} bytes; the limit is {_options.MaxMessageBytes} bytes, so it was not read.", signer, algorithm);
        }

        var key = await GetKeyAsync(keyId, versionId, cancellationToken).ConfigureAwait(false);
        if (key.Missing is not null)
        {
            return Fail(context, SignetErrorCode.SignatureInvalid, $"The {where} names version '{versionId}' of key '{keyId}', which the vault cannot provide: {key.Missing}", signer, algorithm);
        }

        if (!key.KeyType.Fits(algorithm))
        {
            return Fail(context, SignetErrorCode.UnsupportedAlgorithm, $"The {where} claims {algorithm.Name}, which does not fit key '{keyId}' ({key.KeyType}).", signer, algorithm);
        }

        byte[] message;
        try
        {
            message = await context.Repository.FetchBlobAsync(layer, _options.MaxMessageBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (OciContentException ex)
        {
            return Fail(context, ex.Code, $"The message of the {where} could not be read from {context.Repository.DisplayName}: {ex.Message}", signer, algorithm);
        }

        if (!key.Key!.Verify(message, signature, algorithm))
        {
            return Fail(context, SignetErrorCode.SignatureInvalid, $"The {where} does not verify with version '{versionId}' of key '{keyId}' ({algorithm.Name}): the message or signature was altered, or another key made it.", signer, algorithm);
        }

        List<string> passed = ["integrity"];
        if (key.State != KeyVersionState.Enabled)
        {
            return Fail(context, SignetErrorCode.KeyVersionDisabled, $"The {where} was made with version '{versionId}' of key '{keyId}', which is {key.State}. Re-sign the image with an enabled version ('signet sign --key {keyId}') or enable the version again.", signer, algorithm, passed);
        }

        passed.Add("authenticity");
        if (!VaultSignatureMessage.TryParse(message, out var parsed, out var parseError))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} is signed by a trusted key but its message is invalid: {parseError}.", signer, algorithm, passed);
        }

        if (!string.Equals(parsed.KmsKeyId, keyId, StringComparison.Ordinal)
            || !string.Equals(parsed.KmsKeyVersionId, versionId, StringComparison.Ordinal)
            || !string.Equals(parsed.SigningAlgorithm, algorithm.Name, StringComparison.Ordinal))
        {
            return Fail(context, SignetErrorCode.SignatureInvalid, $"The annotations of the {where} ({keyId} {versionId} {algorithm.Name}) disagree with its signed message ({parsed.KmsKeyId} {parsed.KmsKeyVersionId} {parsed.SigningAlgorithm}).", signer, algorithm, passed);
        }

        if (!string.Equals(parsed.ImageDigest, context.Subject.Digest.ToString(), StringComparison.Ordinal))
        {
            return Fail(context, SignetErrorCode.SignatureSubjectMismatch, $"The {where} signs image {parsed.ImageDigest}, not {context.Subject.Digest}: it was copied from another image.", signer, algorithm, passed);
        }

        if (!string.Equals(parsed.RepositoryName, context.Image.Repository, StringComparison.Ordinal))
        {
            return Fail(context, SignetErrorCode.SignatureSubjectMismatch, $"The {where} was made for repository '{parsed.RepositoryName}', not '{context.Image.Repository}': it was copied from another repository. Sign the image in this repository.", signer, algorithm, passed);
        }

        passed.Add("subject");
        if (_options.AllowedRegions is { Count: > 0 } regions && !regions.Contains(parsed.Region, StringComparer.Ordinal))
        {
            return Fail(context, SignetErrorCode.SignatureSubjectMismatch, $"The {where} was made in region '{parsed.Region}'; the policy accepts {string.Join(", ", regions)}.", signer, algorithm, passed);
        }

        return new SignatureVerificationResult
        {
            Format = SignatureFormat.Vault,
            IsValid = true,
            Code = SignatureVerificationResult.Verified,
            Message = $"The {where} is valid: signed by {signer} with {algorithm.Name} for {context.Image.Repository}@{context.Subject.Digest} in region '{parsed.Region}'.",
            SignatureDigest = context.SignatureManifest.Digest,
            Signer = signer,
            Algorithm = algorithm.Name,
            PassedChecks = passed,
        };
    }

    private async Task<CachedKey> GetKeyAsync(string keyId, string versionId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue((keyId, versionId), out var cached) && cached.Expires > now)
        {
            return cached;
        }

        CachedKey fresh;
        try
        {
            var info = await _vault.GetPublicKeyAsync(keyId, versionId, cancellationToken).ConfigureAwait(false);
            fresh = new CachedKey(VerificationKey.FromSubjectPublicKeyInfo(info.SubjectPublicKeyInfo), info.KeyType, info.State, null, now + _options.PublicKeyCacheDuration);
        }
        catch (KeyProviderException ex) when (ex.Code is KeyErrorCode.KeyNotFound or KeyErrorCode.VersionNotFound or KeyErrorCode.VersionDeleted)
        {
            // A signature may name anything; a version the vault does not have is the signature's problem, not the machine's.
            fresh = new CachedKey(null, default, KeyVersionState.ScheduledForDeletion, ex.Message, now + _options.PublicKeyCacheDuration);
        }
        catch (KeyProviderException ex) when (ex.Code is KeyErrorCode.VersionDisabled)
        {
            fresh = new CachedKey(null, default, KeyVersionState.Disabled, ex.Message, now + _options.PublicKeyCacheDuration);
        }

        // Only keys the vault has are cached: a signature may name any version string, and misses must not grow the
        // cache. The cache is also bounded, so it cannot grow without end through rotation either.
        if (_options.PublicKeyCacheDuration > TimeSpan.Zero && fresh.Missing is null)
        {
            if (_cache.Count >= MaxCachedKeys)
            {
                _cache.Clear();
            }

            // A replaced entry's key may still be in use by a concurrent verification; it is left to the finalizer.
            _cache[(keyId, versionId)] = fresh;
        }

        return fresh;
    }

    private static SignatureVerificationResult Fail(SignatureVerificationContext context, string code, string message, SignerIdentity? signer = null, SigningAlgorithm? algorithm = null, IReadOnlyList<string>? passed = null) => new()
    {
        Format = SignatureFormat.Vault,
        IsValid = false,
        Code = code,
        Message = message,
        SignatureDigest = context.SignatureManifest.Digest,
        Signer = signer,
        Algorithm = algorithm?.Name,
        PassedChecks = passed ?? [],
    };

    private sealed record CachedKey(VerificationKey? Key, KeyType KeyType, KeyVersionState State, string? Missing, DateTimeOffset Expires);

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Verification + 350, Level = LogLevel.Debug, Message = "vault signature of {Digest} verified with key {KeyId} version {KeyVersion}")]
        public static partial void Verified(ILogger logger, Core.Digests.Digest digest, string? keyId, string? keyVersion);

        [LoggerMessage(EventId = SignetEventId.Verification + 351, Level = LogLevel.Information, Message = "vault signature of {Digest} rejected: {Code} {Reason}")]
        public static partial void Rejected(ILogger logger, Core.Digests.Digest digest, string code, string reason);
    }
}

/// <summary>A vault key a policy trusts, optionally pinned to some of its versions.</summary>
/// <param name="KeyId">The key's stable id in the vault (as <c>signet keys list</c> prints it).</param>
/// <param name="Versions">The trusted versions; every enabled version when null or empty.</param>
public sealed record TrustedVaultKey(string KeyId, IReadOnlyList<string>? Versions = null);

/// <summary>Limits and rules of the vault signature verifier.</summary>
public sealed record VaultVerifierOptions
{
    /// <summary>The largest message read (default 16 KiB; OCI KMS signs at most 4 KiB raw messages).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024;

    /// <summary>The longest signature annotation read (default 8 KiB).</summary>
    public int MaxSignatureAnnotationChars { get; init; } = 8 * 1024;

    /// <summary>
    /// How long a version's public key and state are reused before asking the vault again (default 30 s; zero asks
    /// every time). Disabling a version takes effect for verification within this time.
    /// </summary>
    public TimeSpan PublicKeyCacheDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The regions whose signatures are accepted; any when null or empty.</summary>
    public IReadOnlyList<string>? AllowedRegions { get; init; }
}
