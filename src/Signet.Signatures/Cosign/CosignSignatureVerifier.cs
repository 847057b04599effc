using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Keys;

namespace Signet.Signatures.Cosign;

/// <summary>
/// Verifies cosign key-based simple-signing signatures, from the <c>.sig</c> tag attachment or an OCI 1.1 referrer,
/// against trusted public keys: one result per signature layer, as <c>cosign verify --key</c> and containers/image's
/// <c>sigstoreSigned</c> requirement judge them.
/// </summary>
/// <remarks>
/// Per layer, in this order (containers/image <c>VerifySigstorePayload</c>): the signature annotation is read and
/// decoded, the payload blob fetched within the size limit, the signature checked with each trusted key (ECDSA DER or
/// RSA PKCS#1 v1.5, SHA-256), and only then the payload parsed strictly, its <c>docker-manifest-digest</c> compared
/// with the subject and its <c>docker-reference</c> checked by <see cref="CosignVerifierOptions.IdentityMatch"/>.
/// Layers of other media types are not signatures and are skipped (a manifest with none yields one
/// <c>SIGNATURE_NOT_FOUND</c> result). A payload the repository cannot serve intact fails that signature with the
/// repository's code (<c>BLOB_NOT_FOUND</c>, <c>DIGEST_MISMATCH</c>). A manifest with more signature layers than
/// <see cref="CosignVerifierOptions.MaxSignatures"/> is refused whole with <c>TOO_MANY_SIGNATURES</c>, none verified.
/// </remarks>
public sealed partial class CosignSignatureVerifier : ISignatureVerifier
{
    private readonly IReadOnlyList<CosignTrustedKey> _keys;
    private readonly CosignVerifierOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a verifier that trusts <paramref name="trustedKeys"/>.</summary>
    public CosignSignatureVerifier(IEnumerable<CosignTrustedKey> trustedKeys, CosignVerifierOptions? options = null, ILogger<CosignSignatureVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        _keys = [.. trustedKeys];
        if (_keys.Count == 0)
        {
            throw new ArgumentException("A cosign verifier needs at least one trusted public key.", nameof(trustedKeys));
        }

        _options = options ?? new CosignVerifierOptions();
        if (_options.MaxSignatures < 1 || _options.MaxPayloadBytes < 1 || _options.MaxSignatureAnnotationChars < 1)
        {
            throw new ArgumentException($"The cosign limits must be positive (MaxSignatures={_options.MaxSignatures}, MaxPayloadBytes={_options.MaxPayloadBytes}, MaxSignatureAnnotationChars={_options.MaxSignatureAnnotationChars}).", nameof(options));
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public SignatureFormat Format => SignatureFormat.Cosign;

    /// <inheritdoc />
    public bool CanVerify(ImageManifest signatureManifest) =>
        signatureManifest is not null
        && (string.Equals(signatureManifest.ArtifactType, CosignAttachment.ReferrerArtifactType, StringComparison.Ordinal)
            || signatureManifest.Layers.Any(l => string.Equals(l.MediaType, CosignPayload.MediaType, StringComparison.Ordinal)));

    /// <inheritdoc />
    public async Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(SignatureVerificationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var content = context.SignatureManifest;
        var manifest = content.Manifest;
        if (manifest is null || content.MediaType != MediaTypes.OciManifest)
        {
            return [Fail(context, SignetErrorCode.SignatureMalformed, $"The cosign signature artifact {content.Digest} is a '{content.MediaType}', not an OCI image manifest.")];
        }

        var signatureLayers = manifest.Layers.Where(l => string.Equals(l.MediaType, CosignPayload.MediaType, StringComparison.Ordinal)).ToList();
        var others = manifest.Layers.Count - signatureLayers.Count;
        if (signatureLayers.Count == 0)
        {
            return [Fail(context, SignetErrorCode.SignatureNotFound, $"The cosign attachment {content.Digest} of {context.Subject.Digest} holds no signature ({others} non-signature attachments). Sign the image with 'signet sign --format cosign' or 'cosign sign --key'.")];
        }

        if (signatureLayers.Count > _options.MaxSignatures)
        {
            Log.TooManySignatures(_logger, context.Subject.Digest, signatureLayers.Count, _options.MaxSignatures);
            return [Fail(context, SignetErrorCode.TooManySignatures, $"The cosign attachment {content.Digest} of {context.Subject.Digest} holds {signatureLayers.Count} signatures; the limit is {_options.MaxSignatures}, so none was verified. Remove stale signatures from the '{CosignAttachment.TagFor(context.Subject.Digest)}' tag or raise the limit.")];
        }

        var results = new List<SignatureVerificationResult>(signatureLayers.Count);
        for (var i = 0; i < signatureLayers.Count; i++)
        {
            var result = await VerifyLayerAsync(context, signatureLayers[i], i, cancellationToken).ConfigureAwait(false);
            if (result.IsValid)
            {
                Log.Verified(_logger, context.Subject.Digest, i, result.Signer?.KeyId);
            }
            else
            {
                Log.Rejected(_logger, context.Subject.Digest, i, result.Code, result.Message);
            }

            results.Add(result);
        }

        return results;
    }

    private async Task<SignatureVerificationResult> VerifyLayerAsync(SignatureVerificationContext context, Descriptor layer, int index, CancellationToken cancellationToken)
    {
        var where = $"cosign signature #{index + 1} (payload {layer.Digest}) in {context.SignatureManifest.Digest}";
        if (layer.Annotations is null || !layer.Annotations.TryGetValue(CosignAttachment.SignatureAnnotation, out var encoded))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} has no '{CosignAttachment.SignatureAnnotation}' annotation.");
        }

        if (encoded.Length > _options.MaxSignatureAnnotationChars)
        {
            return Fail(context, SignetErrorCode.SignatureTooLarge, $"The signature annotation of the {where} is {encoded.Length} characters; the limit is {_options.MaxSignatureAnnotationChars}.");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The '{CosignAttachment.SignatureAnnotation}' annotation of the {where} is not base64.");
        }

        if (layer.Size < 0 || layer.Size > _options.MaxPayloadBytes)
        {
            return Fail(context, SignetErrorCode.SignatureTooLarge, $"The payload of the {where} is {layer.Size} bytes; the limit is {_options.MaxPayloadBytes} bytes, so it was not read.");
        }

        byte[] payload;
        try
        {
            payload = await context.Repository.FetchBlobAsync(layer, _options.MaxPayloadBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (OciContentException ex)
        {
            // Missing or tampered content fails this signature only; the others are still verified.
            return Fail(context, ex.Code, $"The payload of the {where} could not be read from {context.Repository.DisplayName}: {ex.Message}");
        }

        CosignTrustedKey? signer = null;
        SigningAlgorithm? algorithm = null;
        foreach (var key in _keys)
        {
            var candidate = key.Key.IsRsa ? SigningAlgorithm.RsaPkcs1Sha256 : SigningAlgorithm.EcdsaSha256;
            if (key.Key.Verify(payload, signature, candidate))
            {
                signer = key;
                algorithm = candidate;
                break;
            }
        }

        if (signer is null || algorithm is null)
        {
            return Fail(context, SignetErrorCode.SignatureInvalid, $"The {where} does not verify with any of the {_keys.Count} trusted key(s) ({string.Join(", ", _keys.Select(k => k.DisplayId))}): it was made by another key or altered. Check that the policy lists the public key the image was signed with.");
        }

        var identity = new SignerIdentity { KeyId = signer.DisplayId, KeyVersion = signer.KeyVersion };
        List<string> passed = ["integrity", "authenticity"];
        if (!CosignPayload.TryParse(payload, out var parsed, out var parseError))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} is signed by a trusted key but its payload is invalid: {parseError}.", identity, algorithm, passed);
        }

        DateTimeOffset? signingTime = parsed.Timestamp is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        if (!Digest.TryParse(parsed.DockerManifestDigest, out var signedDigest, out var digestError))
        {
            return Fail(context, SignetErrorCode.SignatureMalformed, $"The {where} names an invalid manifest digest: {digestError}", identity, algorithm, passed);
        }

        if (signedDigest != context.Subject.Digest)
        {
            return Fail(context, SignetErrorCode.SignatureSubjectMismatch, $"The {where} signs manifest {signedDigest}, not {context.Subject.Digest} ({context.Image.Name}): it was copied from another image.", identity, algorithm, passed);
        }

        passed.Add("subject");
        if (!CosignIdentityMatcher.Matches(_options.IdentityMatch, context.Image, parsed.DockerReference, out var identityError))
        {
            return Fail(context, SignetErrorCode.SignatureSubjectMismatch, $"The {where} does not satisfy the {_options.IdentityMatch} identity rule: {identityError}.", identity, algorithm, passed);
        }

        if (_options.IdentityMatch != CosignIdentityMatch.None)
        {
            passed.Add("identity");
        }

        return new SignatureVerificationResult
        {
            Format = SignatureFormat.Cosign,
            IsValid = true,
            Code = SignatureVerificationResult.Verified,
            Message = $"The {where} is valid: signed by {identity} for {context.Subject.Digest} ({parsed.DockerReference}).",
            SignatureDigest = context.SignatureManifest.Digest,
            Signer = identity,
            Algorithm = algorithm.Name,
            SigningTime = signingTime,
            PassedChecks = passed,
        };
    }

    private static SignatureVerificationResult Fail(SignatureVerificationContext context, string code, string message, SignerIdentity? signer = null, SigningAlgorithm? algorithm = null, IReadOnlyList<string>? passed = null) => new()
    {
        Format = SignatureFormat.Cosign,
        IsValid = false,
        Code = code,
        Message = message,
        SignatureDigest = context.SignatureManifest.Digest,
        Signer = signer,
        Algorithm = algorithm?.Name,
        PassedChecks = passed ?? [],
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Verification + 300, Level = LogLevel.Debug, Message = "cosign signature {Index} of {Digest} verified with key {KeyId}")]
        public static partial void Verified(ILogger logger, Digest digest, int index, string? keyId);

        [LoggerMessage(EventId = SignetEventId.Verification + 301, Level = LogLevel.Information, Message = "cosign signature {Index} of {Digest} rejected: {Code} {Reason}")]
        public static partial void Rejected(ILogger logger, Digest digest, int index, string code, string reason);

        [LoggerMessage(EventId = SignetEventId.Verification + 302, Level = LogLevel.Warning, Message = "cosign attachment of {Digest} holds {Count} signatures, over the limit of {Limit}")]
        public static partial void TooManySignatures(ILogger logger, Digest digest, int count, int limit);
    }
}

/// <summary>A public key a cosign verifier trusts, with the id to report for it.</summary>
/// <param name="Key">The public key.</param>
/// <param name="KeyId">The id to report (a vault key id, a file name); the key's SPKI fingerprint when null.</param>
/// <param name="KeyVersion">The vault key version, when the key came from a vault.</param>
public sealed record CosignTrustedKey(VerificationKey Key, string? KeyId = null, string? KeyVersion = null)
{
    /// <summary>The id reported in results.</summary>
    public string DisplayId => KeyId ?? Key.Fingerprint;
}

/// <summary>Limits and rules of the cosign verifier.</summary>
public sealed record CosignVerifierOptions
{
    /// <summary>The most signature layers one attachment may hold; more is refused whole (default 32).</summary>
    public int MaxSignatures { get; init; } = 32;

    /// <summary>The largest payload read (default 64 KiB; real payloads are a few hundred bytes).</summary>
    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>The longest signature annotation read (default 8 KiB; an RSA-4096 signature is 684 characters).</summary>
    public int MaxSignatureAnnotationChars { get; init; } = 8 * 1024;

    /// <summary>How <c>docker-reference</c> must match the image (default: not checked, as <c>cosign verify</c>).</summary>
    public CosignIdentityMatch IdentityMatch { get; init; } = CosignIdentityMatch.None;
}
