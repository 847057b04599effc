using System.Security.Cryptography.X509Certificates;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;

namespace Signet.Signatures.Notation;

/// <summary>
/// Signs images as Notary Project signatures (<c>notary.x509</c> scheme) with a key from the key vault and its
/// certificate chain, producing the envelope and the OCI 1.1 artifact manifest exactly as notation-go does.
/// </summary>
/// <remarks>
/// The leaf certificate's public key must be the vault key's public key, and the chain must meet the specification's
/// rules and be valid at signing time; the algorithm follows from the key (RSA 2048/3072/4096 → PS256/384/512, P-256/
/// P-384/P-521 → ES256/384/512). No timestamp is requested (no TSA is configured).
/// </remarks>
public sealed class NotationSigner : ISignatureSigner
{
    private readonly NotationSignerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CertificateChainValidator _chains = new();

    /// <summary>Creates a signer.</summary>
    public NotationSigner(NotationSignerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new NotationSignerOptions();
        if (_options.Envelope is not (SignatureFormat.NotationJws or SignatureFormat.NotationCose))
        {
            throw new ArgumentException($"The envelope must be {SignatureFormat.NotationJws} or {SignatureFormat.NotationCose}, not {_options.Envelope}.", nameof(options));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public SignatureFormat Format => _options.Envelope;

    /// <inheritdoc />
    public async Task<SignatureArtifact> SignAsync(SigningRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chain = request.CertificateChain;
        if (chain is null || chain.Count == 0)
        {
            throw new ArgumentException("A Notary Project signature needs the signing key's certificate chain (leaf first); pass SigningRequest.CertificateChain.", nameof(request));
        }

        if (chain.Count > _options.MaxCertificateChainLength)
        {
            throw new ArgumentException($"The certificate chain has {chain.Count} certificates; the limit is {_options.MaxCertificateChainLength}.", nameof(request));
        }

        var certificates = chain.Cast<X509Certificate2>().ToList();
        var leaf = certificates[0];
        var algorithm = NotationAlgorithm.FromCertificate(leaf, out var keyError)
            ?? throw new ArgumentException($"The signing certificate '{leaf.Subject}' cannot sign Notary Project signatures: {keyError}.", nameof(request));
        if (request.Algorithm is { } requested && !requested.Equals(algorithm.SigningAlgorithm))
        {
            throw new ArgumentException($"The algorithm {requested} does not fit the signing key; Notary Project signatures with this key use {algorithm} ({algorithm.SigningAlgorithm}).", nameof(request));
        }

        var publicKey = await request.Keys.GetPublicKeyAsync(request.KeyId, request.KeyVersion, cancellationToken).ConfigureAwait(false);
        if (!publicKey.SubjectPublicKeyInfo.AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException($"The certificate '{leaf.Subject}' is not for the key '{request.KeyId}' (version {publicKey.VersionId}): their public keys differ. Issue the certificate for this key's public key.", nameof(request));
        }

        var signingTime = DateTimeOffset.FromUnixTimeSeconds(_timeProvider.GetUtcNow().ToUnixTimeSeconds());
        if (_chains.Validate(certificates, CertificateChainValidator.Purpose.CodeSigning) is { } chainFailure)
        {
            throw new ArgumentException($"The certificate chain cannot sign Notary Project signatures: {chainFailure.Message}", nameof(request));
        }

        if (CertificateChainValidator.CheckValidityAt(certificates, signingTime) is { } validityError)
        {
            throw new ArgumentException($"The certificate chain is not valid at the signing time: {validityError}.", nameof(request));
        }

        DateTimeOffset? expiry = request.Expiry is { } e ? DateTimeOffset.FromUnixTimeSeconds(e.ToUnixTimeSeconds()) : null;
        if (expiry is { } x && x <= signingTime)
        {
            throw new ArgumentException($"The expiry {x:u} is not after the signing time {signingTime:u}.", nameof(request));
        }

        var subject = new Descriptor { MediaType = request.Subject.MediaType, Digest = request.Subject.Digest, Size = request.Subject.Size };
        var envelopeRequest = new EnvelopeSignRequest
        {
            Algorithm = algorithm,
            Payload = NotationPayload.Create(subject, request.Metadata),
            SigningTime = signingTime,
            Expiry = expiry,
            CertificateChain = certificates.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList(),
            SigningAgent = _options.SigningAgent,
        };

        byte[] envelope;
        string versionId;
        if (_options.Envelope == SignatureFormat.NotationJws)
        {
            var (protectedText, payloadText, signingInput) = JwsEnvelope.BuildSigningInput(envelopeRequest);
            var signature = await request.Keys.SignAsync(request.KeyId, request.KeyVersion, algorithm.SigningAlgorithm, signingInput, cancellationToken).ConfigureAwait(false);
            envelope = JwsEnvelope.Assemble(protectedText, payloadText, signature.Signature, envelopeRequest);
            versionId = signature.VersionId;
        }
        else
        {
            var protectedHeader = CoseEnvelope.BuildProtectedHeader(envelopeRequest);
            var toBeSigned = CoseEnvelope.BuildToBeSigned(protectedHeader, envelopeRequest.Payload.Span);
            var signature = await request.Keys.SignAsync(request.KeyId, request.KeyVersion, algorithm.SigningAlgorithm, toBeSigned, cancellationToken).ConfigureAwait(false);
            envelope = CoseEnvelope.Assemble(protectedHeader, envelopeRequest, signature.Signature);
            versionId = signature.VersionId;
        }

        EnsureVerifies(envelope);
        var mediaType = _options.Envelope == SignatureFormat.NotationJws ? MediaTypes.JoseJson : MediaTypes.Cose;
        var envelopeDescriptor = Descriptor.For(mediaType, envelope);
        var manifest = NotationArtifact.CreateManifest(subject, envelopeDescriptor, certificates, signingTime);
        return new SignatureArtifact
        {
            Format = _options.Envelope,
            Attachment = AttachmentKind.Referrer,
            Manifest = manifest,
            Blobs =
            [
                new ArtifactBlob(Descriptor.EmptyJson with { Data = null }, "{}"u8.ToArray()),
                new ArtifactBlob(envelopeDescriptor, envelope),
            ],
            Signer = new SignerIdentity
            {
                KeyId = request.KeyId,
                KeyVersion = versionId,
                CertificateSubject = DistinguishedName.Format(leaf.SubjectName),
                CertificateThumbprint = JwsEnvelope.Thumbprint(leaf),
            },
            Algorithm = algorithm.Name,
        };
    }

    private void EnsureVerifies(byte[] envelope)
    {
        // notation-go verifies what it signed; a provider that returned a wrong signature format fails here, not later.
        var content = _options.Envelope == SignatureFormat.NotationJws
            ? JwsEnvelope.TryParse(envelope, _options.MaxCertificateChainLength, out var failure)
            : CoseEnvelope.TryParse(envelope, _options.MaxCertificateChainLength, out failure);
        var verified = content is not null && (_options.Envelope == SignatureFormat.NotationJws ? JwsEnvelope.VerifySignature(content) : CoseEnvelope.VerifySignature(content));
        if (!verified)
        {
            throw new InvalidOperationException($"The signature the key provider produced does not verify with the certificate's key{(failure is null ? string.Empty : ": " + failure.Message)}.");
        }
    }
}
