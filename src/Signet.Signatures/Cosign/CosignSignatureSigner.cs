using Signet.Keys;

namespace Signet.Signatures.Cosign;

/// <summary>
/// Makes cosign key-based simple-signing signatures with a vault key or a cosign key file
/// (<see cref="CosignKeyProvider"/>): the payload, the signature (ECDSA DER or RSA PKCS#1 v1.5, SHA-256) and the
/// <c>.sig</c> attachment to store. <c>cosign verify --key</c> and containers/image accept what it writes.
/// </summary>
/// <remarks>
/// The returned artifact is the attachment as it would be with no earlier signature; the application layer merges
/// it with the manifest already under the <c>.sig</c> tag through <see cref="CosignAttachment.Append"/>.
/// </remarks>
public sealed class CosignSignatureSigner : ISignatureSigner
{
    private readonly CosignSignerOptions _options;

    /// <summary>Creates the signer.</summary>
    public CosignSignatureSigner(CosignSignerOptions? options = null) => _options = options ?? new CosignSignerOptions();

    /// <inheritdoc />
    public SignatureFormat Format => SignatureFormat.Cosign;

    /// <inheritdoc />
    public async Task<SignatureArtifact> SignAsync(SigningRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.KeyId);
        var publicKey = await request.Keys.GetPublicKeyAsync(request.KeyId, request.KeyVersion, cancellationToken).ConfigureAwait(false);
        var algorithm = ChooseAlgorithm(publicKey.KeyType, request.Algorithm);

        // cosign puts the repository only (so any tag verifies); containers/image the full reference.
        var identity = _options.IncludeTagInIdentity && request.Image.Tag is not null
            ? $"{request.Image.Name}:{request.Image.Tag}"
            : request.Image.Name;
        var payload = CosignPayload.Create(identity, request.Subject.Digest, request.Metadata);

        var signed = await request.Keys.SignAsync(request.KeyId, publicKey.VersionId, algorithm, payload, cancellationToken).ConfigureAwait(false);
        var signature = algorithm.Scheme == SignatureScheme.Ecdsa ? EcdsaSignatureEncoding.P1363ToDer(signed.Signature) : signed.Signature;

        // A signature that does not verify would be stored and deny every deployment: check before returning it.
        using (var verificationKey = VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo))
        {
            if (!verificationKey.Verify(payload, signature, algorithm))
            {
                throw new KeyProviderException(KeyErrorCode.ProviderError, $"The key provider '{request.Keys.Name}' returned a signature that does not verify with the public key of '{request.KeyId}' version '{signed.VersionId}'.", request.KeyId);
            }
        }

        var layer = CosignAttachment.CreateLayer(payload, signature);
        var attachment = CosignAttachment.Append(null, layer, payload);
        return new SignatureArtifact
        {
            Format = SignatureFormat.Cosign,
            Attachment = AttachmentKind.CosignTag,
            Manifest = attachment.Manifest,
            Blobs = attachment.Blobs,
            Signer = new SignerIdentity { KeyId = signed.KeyId, KeyVersion = signed.VersionId },
            Algorithm = algorithm.Name,
        };
    }

    private static SigningAlgorithm ChooseAlgorithm(KeyType keyType, SigningAlgorithm? requested)
    {
        var expected = keyType switch
        {
            KeyType.EcP256 => SigningAlgorithm.EcdsaSha256,
            KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096 => SigningAlgorithm.RsaPkcs1Sha256,
            _ => throw new ArgumentException($"cosign signatures need an ECDSA P-256 or RSA key (cosign and containers/image verify with SHA-256); the key is {keyType}."),
        };
        if (requested is not null && !requested.Equals(expected))
        {
            throw new ArgumentException($"cosign signatures with a {keyType} key use {expected.Name}; {requested.Name} would not verify with cosign.");
        }

        return expected;
    }
}

/// <summary>How the cosign signer writes payloads.</summary>
public sealed record CosignSignerOptions
{
    /// <summary>
    /// Write the tag into <c>critical.identity.docker-reference</c> (containers/image style, <c>repo:tag</c>) instead of
    /// the repository only (cosign style, the default, which containers/image accepts only with <c>matchRepository</c>).
    /// </summary>
    public bool IncludeTagInIdentity { get; init; }
}
