using Signet.Keys;
using Signet.Signatures.Cosign;

namespace Signet.Signatures.Vault;

/// <summary>
/// Makes Signet vault-key signatures: the Oracle-style message for the image, signed as raw bytes by a key version in
/// the vault, stored as an OCI 1.1 referrer (<see cref="VaultSignatureArtifact"/>).
/// </summary>
/// <remarks>
/// The message names the key version, so the version is fixed before signing (the primary one when the request names
/// none). RSA keys default to <c>SHA_256_RSA_PKCS_PSS</c> (Oracle's registry accepts only the four PSS algorithms);
/// EC keys sign with their curve's ECDSA algorithm, stored as ASN.1 DER as OCI KMS returns it.
/// </remarks>
public sealed class VaultSignatureSigner : ISignatureSigner
{
    private readonly VaultSignerOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the signer.</summary>
    public VaultSignatureSigner(VaultSignerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new VaultSignerOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(_options.Region, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public SignatureFormat Format => SignatureFormat.Vault;

    /// <inheritdoc />
    public async Task<SignatureArtifact> SignAsync(SigningRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.KeyId);
        var key = await request.Keys.GetKeyAsync(request.KeyId, cancellationToken).ConfigureAwait(false);
        var versionId = request.KeyVersion ?? key.Primary.Id;
        var algorithm = request.Algorithm ?? DefaultAlgorithm(key.KeyType);
        if (!key.KeyType.Fits(algorithm))
        {
            throw new ArgumentException($"The key '{key.Id}' ({key.KeyType}) cannot sign with {algorithm.Name}; use one of {string.Join(", ", key.KeyType.Algorithms().Select(a => a.Name))}.", nameof(request));
        }

        var message = new VaultSignatureMessage
        {
            Description = request.Description ?? string.Empty,
            ImageDigest = request.Subject.Digest.ToString(),
            KmsKeyId = key.Id,
            KmsKeyVersionId = versionId,
            Metadata = VaultSignatureMessage.CreateMetadata(request.Metadata),
            Region = _options.Region,
            RepositoryName = request.Image.Repository,
            SigningAlgorithm = algorithm.Name,
        };
        var bytes = message.ToBytes();
        var signed = await request.Keys.SignAsync(key.Id, versionId, algorithm, bytes, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(signed.VersionId, versionId, StringComparison.Ordinal))
        {
            throw new KeyProviderException(KeyErrorCode.ProviderError, $"The vault signed '{key.Id}' with version '{signed.VersionId}', but version '{versionId}' was asked for and is named in the message.", key.Id);
        }

        var signature = algorithm.Scheme == SignatureScheme.Ecdsa ? EcdsaSignatureEncoding.P1363ToDer(signed.Signature) : signed.Signature;
        var publicKey = await request.Keys.GetPublicKeyAsync(key.Id, versionId, cancellationToken).ConfigureAwait(false);
        using (var verificationKey = VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo))
        {
            if (!verificationKey.Verify(bytes, signature, algorithm))
            {
                throw new KeyProviderException(KeyErrorCode.ProviderError, $"The vault returned a signature that does not verify with the public key of '{key.Id}' version '{versionId}'.", key.Id);
            }
        }

        var (manifest, blobs) = VaultSignatureArtifact.Create(request.Subject, message, signature, _timeProvider.GetUtcNow());
        return new SignatureArtifact
        {
            Format = SignatureFormat.Vault,
            Attachment = AttachmentKind.Referrer,
            Manifest = manifest,
            Blobs = blobs,
            Signer = new SignerIdentity { KeyId = key.Id, KeyVersion = versionId },
            Algorithm = algorithm.Name,
        };
    }

    private static SigningAlgorithm DefaultAlgorithm(KeyType keyType) =>
        keyType.IsRsa() ? SigningAlgorithm.RsaPssSha256 : keyType.DefaultAlgorithm();
}

/// <summary>Options of the vault-key signer.</summary>
public sealed record VaultSignerOptions
{
    /// <summary>The region name written into every message (default <c>local</c>).</summary>
    public string Region { get; init; } = "local";
}
