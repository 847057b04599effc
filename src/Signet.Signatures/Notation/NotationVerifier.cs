using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;

namespace Signet.Signatures.Notation;

/// <summary>
/// Verifies Notary Project signatures (JWS and COSE envelopes) against a trust policy document and trust store, the
/// way <c>notation verify</c> does: integrity, authenticity (trusted certificate and identity), expiry, authentic
/// timestamp and revocation, each enforced, logged or skipped as the matching policy statement says.
/// </summary>
/// <remarks>
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/trust-store-trust-policy.md ("Signature
/// Verification"); order of checks from notation-go <c>verifier/verifier.go</c>. <see cref="Format"/> is
/// <see cref="SignatureFormat.NotationJws"/>, but both envelope formats are read; each result names its own.
/// Bad signature data never throws.
/// </remarks>
public sealed partial class NotationVerifier : ISignatureVerifier
{
    private readonly TrustPolicyDocument _policy;
    private readonly NotationTrustStore _trustStore;
    private readonly NotationVerifierOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SignerChainCache _chains = new();

    /// <summary>Creates a verifier for fixed trust material.</summary>
    public NotationVerifier(
        TrustPolicyDocument policy,
        NotationTrustStore trustStore,
        NotationVerifierOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<NotationVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trustStore);
        _policy = policy;
        _trustStore = trustStore;
        _options = options ?? new NotationVerifierOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public SignatureFormat Format => SignatureFormat.NotationJws;

    /// <inheritdoc />
    public bool CanVerify(ImageManifest signatureManifest)
    {
        ArgumentNullException.ThrowIfNull(signatureManifest);
        // OCI 1.1 form (artifactType + empty config) and the legacy form (config media type), spec "OCI Signatures".
        return signatureManifest.ArtifactType == MediaTypes.NotarySignature || signatureManifest.Config.MediaType == MediaTypes.NotarySignature;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(SignatureVerificationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var signatureDigest = context.SignatureManifest.Digest;
        var repository = context.Image.Name;
        var manifest = context.SignatureManifest.Manifest;
        if (manifest is null || !CanVerify(manifest))
        {
            return [Finish(Fail(SignatureFormat.NotationJws, SignetErrorCode.UnsupportedMediaType, $"The artifact {signatureDigest} is not a Notary Project signature (artifactType or config media type must be {MediaTypes.NotarySignature}).", signatureDigest), repository)];
        }

        var statement = _policy.FindStatement(repository);
        if (statement is null)
        {
            return [Finish(Fail(SignatureFormat.NotationJws, SignetErrorCode.NoPolicyMatch, $"No applicable trust policy statement for '{repository}'; add a statement whose registryScopes include it, or a '*' statement.", signatureDigest), repository)];
        }

        if (statement.Level == VerificationLevel.Skip)
        {
            return [Finish(Skipped(statement, signatureDigest), repository)];
        }

        if (manifest.Layers.Count != 1)
        {
            return [Finish(Fail(SignatureFormat.NotationJws, SignetErrorCode.SignatureMalformed, $"The signature artifact {signatureDigest} has {manifest.Layers.Count} layers; a Notary Project signature has exactly one (the envelope).", signatureDigest), repository)];
        }

        var layer = manifest.Layers[0];
        var format = FormatFor(layer.MediaType);
        if (format is null)
        {
            return [Finish(Fail(SignatureFormat.NotationJws, SignetErrorCode.UnsupportedMediaType, $"The signature envelope media type '{layer.MediaType}' is not supported; expected {MediaTypes.JoseJson} or {MediaTypes.Cose}.", signatureDigest), repository)];
        }

        if (layer.Size > _options.MaxEnvelopeBytes || layer.Size < 0)
        {
            return [Finish(Fail(format.Value, SignetErrorCode.SignatureTooLarge, $"The signature envelope is {layer.Size} bytes; the limit is {_options.MaxEnvelopeBytes} bytes.", signatureDigest), repository)];
        }

        var envelope = await context.Repository.FetchBlobAsync(layer, _options.MaxEnvelopeBytes, cancellationToken).ConfigureAwait(false);
        return [Finish(VerifyEnvelope(envelope, layer.MediaType, context.Subject, statement, signatureDigest), repository)];
    }

    /// <summary>
    /// Verifies one envelope for a subject under the statement that applies to <paramref name="repository"/>: the
    /// core of <see cref="VerifyAsync"/>, usable without a registry (vectors, blobs).
    /// </summary>
    internal SignatureVerificationResult VerifyEnvelope(ReadOnlyMemory<byte> envelope, string envelopeMediaType, Descriptor subject, string repository, Digest? signatureDigest = null)
    {
        var statement = _policy.FindStatement(repository);
        if (statement is null)
        {
            return Finish(Fail(FormatFor(envelopeMediaType) ?? SignatureFormat.NotationJws, SignetErrorCode.NoPolicyMatch, $"No applicable trust policy statement for '{repository}'.", signatureDigest), repository);
        }

        return Finish(statement.Level == VerificationLevel.Skip ? Skipped(statement, signatureDigest) : VerifyEnvelope(envelope, envelopeMediaType, subject, statement, signatureDigest), repository);
    }

    private SignatureVerificationResult VerifyEnvelope(ReadOnlyMemory<byte> envelope, string envelopeMediaType, Descriptor subject, TrustPolicyStatement statement, Digest? signatureDigest)
    {
        var format = FormatFor(envelopeMediaType);
        if (format is null)
        {
            return Fail(SignatureFormat.NotationJws, SignetErrorCode.UnsupportedMediaType, $"The signature envelope media type '{envelopeMediaType}' is not supported; expected {MediaTypes.JoseJson} or {MediaTypes.Cose}.", signatureDigest);
        }

        if (envelope.Length > _options.MaxEnvelopeBytes)
        {
            return Fail(format.Value, SignetErrorCode.SignatureTooLarge, $"The signature envelope is {envelope.Length} bytes; the limit is {_options.MaxEnvelopeBytes} bytes.", signatureDigest);
        }

        // 1. Integrity: always enforced.
        var content = format == SignatureFormat.NotationJws
            ? JwsEnvelope.TryParse(envelope, _options.MaxCertificateChainLength, out var failure, _chains)
            : CoseEnvelope.TryParse(envelope, _options.MaxCertificateChainLength, out failure, _chains);
        if (content is null)
        {
            return Fail(format.Value, failure!.Code, $"Integrity check failed: {failure.Message}", signatureDigest);
        }

        var facts = new ResultFacts(content, signatureDigest);
        var integrity = CheckIntegrity(content, subject);
        if (integrity is not null)
        {
            return facts.Fail(integrity.Code, $"Integrity check failed: {integrity.Message}");
        }

        facts.Passed.Add("integrity");

        // 2-5. Authenticity, expiry, authentic timestamp, revocation: enforced, logged or skipped per the statement.
        var now = _timeProvider.GetUtcNow();
        var checks = new (VerificationCheck Check, string Name, Func<EnvelopeFailure?> Run)[]
        {
            (VerificationCheck.Authenticity, "authenticity", () => CheckAuthenticity(content, statement)),
            (VerificationCheck.Expiry, "expiry", () => content.Expiry is { } expiry && now >= expiry
                ? new EnvelopeFailure(SignetErrorCode.SignatureExpired, $"The digital signature has expired on {expiry:R}; re-sign the image or set the policy's expiry override to \"log\".")
                : null),
            (VerificationCheck.AuthenticTimestamp, "authenticTimestamp", () => CheckAuthenticTimestamp(content, statement, now)),
            (VerificationCheck.Revocation, "revocation", () => content.Chain.Revocation),
        };
        foreach (var (check, name, run) in checks)
        {
            var action = statement.ActionFor(check);
            if (action == ValidationAction.Skip)
            {
                continue;
            }

            var result = run();
            if (result is null)
            {
                facts.Passed.Add(name);
                continue;
            }

            if (action == ValidationAction.Enforce)
            {
                return facts.Fail(result.Code, $"The {name} check failed under trust policy statement '{statement.Name}' ({statement.Level.ToString().ToLowerInvariant()}): {result.Message}");
            }

            facts.Warnings.Add($"{result.Code}: {name} check failed (logged by trust policy statement '{statement.Name}'): {result.Message}");
        }

        return facts.Succeed($"The Notary Project signature by '{facts.Signer.CertificateSubject}' verified under trust policy statement '{statement.Name}'.");
    }

    private static EnvelopeFailure? CheckIntegrity(EnvelopeContent content, Descriptor subject)
    {
        var leaf = content.Certificates[0];
        var keyAlgorithm = content.Chain.KeyAlgorithm;
        if (keyAlgorithm is null)
        {
            return new(SignetErrorCode.UnsupportedAlgorithm, $"The signing certificate's key is not supported: {content.Chain.KeyError}.");
        }

        if (keyAlgorithm != content.Algorithm)
        {
            return new(SignetErrorCode.UnsupportedAlgorithm, $"The signature algorithm {content.Algorithm} does not fit the signing key, which requires {keyAlgorithm}.");
        }

        var verified = content.Format == SignatureFormat.NotationJws ? JwsEnvelope.VerifySignature(content) : CoseEnvelope.VerifySignature(content);
        if (!verified)
        {
            return new(SignetErrorCode.SignatureInvalid, $"The {content.Algorithm} signature does not verify with the signing certificate '{leaf.Subject}': the envelope was modified or signed with another key.");
        }

        if (content.Chain.CodeSigningFailure is { } chainFailure)
        {
            return chainFailure;
        }

        if (content.ExtendedAttributes.FirstOrDefault(a => a.Key == NotationConstants.HeaderVerificationPlugin) is { } plugin)
        {
            return new(SignetErrorCode.UnknownCriticalHeader, $"The signature requires the verification plugin '{plugin.Value}'; Signet does not run Notation plugins.");
        }

        if (content.ExtendedAttributes.FirstOrDefault(a => a.Critical) is { } critical)
        {
            return new(SignetErrorCode.UnknownCriticalHeader, $"The signature marks the header '{critical.Key}' critical, and Signet does not know how to process it (spec: unknown critical attributes fail verification).");
        }

        if (content.PayloadContentType != MediaTypes.NotaryPayload)
        {
            return EnvelopeRules.Malformed($"The payload content type '{content.PayloadContentType}' is not supported; expected {MediaTypes.NotaryPayload}.");
        }

        var target = NotationPayload.TryParse(content.Payload, out var payloadError);
        if (target is null)
        {
            return EnvelopeRules.Malformed($"The payload is invalid: {payloadError}.");
        }

        // notation-go compares only mediaType, digest and size (oras content.Equal).
        if (!target.IsSameContent(subject))
        {
            return new(SignetErrorCode.SignatureSubjectMismatch, $"The signature signs {target.MediaType} {target.Digest} ({target.Size} bytes), not the image {subject.MediaType} {subject.Digest} ({subject.Size} bytes).");
        }

        return null;
    }

    private EnvelopeFailure? CheckAuthenticity(EnvelopeContent content, TrustPolicyStatement statement)
    {
        var type = content.IsSigningAuthority ? TrustStoreType.SigningAuthority : TrustStoreType.Ca;
        var stores = statement.TrustStores.Where(s => s.Type == type).ToList();
        if (stores.Count == 0)
        {
            return new(SignetErrorCode.KeyNotTrusted, $"The trust policy statement '{statement.Name}' has no trust store of type '{type.ToName()}', which the {content.SigningScheme} signing scheme needs.");
        }

        var trusted = new List<X509Certificate2>();
        foreach (var store in stores)
        {
            if (!_trustStore.TryGetCertificates(store.Type, store.Name, out var certificates, out var error))
            {
                return new(SignetErrorCode.KeyNotTrusted, $"The trust store '{store}' cannot be used: {error}.");
            }

            trusted.AddRange(certificates);
        }

        // Authenticity: some certificate of the (already validated) chain is byte-equal to a trusted certificate.
        if (!content.Certificates.Any(c => trusted.Any(t => t.RawDataMemory.Span.SequenceEqual(c.RawDataMemory.Span))))
        {
            return new(SignetErrorCode.KeyNotTrusted, $"The signature's certificate chain does not contain any trusted certificate from the trust stores {string.Join(", ", stores)}.");
        }

        if (statement.TrustedIdentities.Contains("*"))
        {
            return null;
        }

        var identities = statement.TrustedIdentities
            .Where(i => i.StartsWith("x509.subject:", StringComparison.Ordinal))
            .Select(i => i["x509.subject:".Length..].Trim())
            .ToList();
        if (identities.Count == 0)
        {
            return new(SignetErrorCode.IdentityNotTrusted, $"The trust policy statement '{statement.Name}' has no x509.subject trusted identity Signet can check.");
        }

        if (content.Chain.SubjectMap is not { } leafSubject)
        {
            return new(SignetErrorCode.IdentityNotTrusted, $"The signing certificate's subject cannot be matched: {content.Chain.SubjectError}.");
        }

        foreach (var identity in identities)
        {
            if (DistinguishedName.TryParse(identity, out var dn, out _) && DistinguishedName.IsSubset(dn, leafSubject))
            {
                return null;
            }
        }

        return new(SignetErrorCode.IdentityNotTrusted, $"The signing certificate '{content.Chain.Subject}' from the digital signature does not match the X.509 trusted identities [{string.Join(", ", identities)}] defined in the trust policy statement '{statement.Name}'.");
    }

    private EnvelopeFailure? CheckAuthenticTimestamp(EnvelopeContent content, TrustPolicyStatement statement, DateTimeOffset now)
    {
        if (content.IsSigningAuthority)
        {
            var authenticError = CertificateChainValidator.CheckValidityAt(content.Certificates, content.SigningTime);
            return authenticError is null ? null : new(SignetErrorCode.CertificateExpired, $"At the authentic signing time {content.SigningTime:u}, {authenticError}.");
        }

        var tsaStores = statement.TrustStores.Where(s => s.Type == TrustStoreType.Tsa).ToList();
        var nowError = CertificateChainValidator.CheckValidityAt(content.Certificates, now);
        var useTimestamp = tsaStores.Count > 0 && (statement.VerifyTimestamp == TimestampVerification.Always || nowError is not null);
        if (!useTimestamp)
        {
            return nowError is null ? null : new(SignetErrorCode.CertificateExpired, $"The verification time is outside the certificate validity period and no trusted timestamp applies: {nowError}.");
        }

        if (content.TimestampToken is not { } token)
        {
            return new(SignetErrorCode.TimestampInvalid, "No timestamp countersignature was found in the signature envelope, but the trust policy requires timestamp verification.");
        }

        var roots = new List<X509Certificate2>();
        foreach (var store in tsaStores)
        {
            if (!_trustStore.TryGetCertificates(store.Type, store.Name, out var certificates, out var error))
            {
                return new(SignetErrorCode.TimestampInvalid, $"The trust store '{store}' cannot be used: {error}.");
            }

            roots.AddRange(certificates);
        }

        var range = TimestampVerifier.Verify(token, content.Signature.Span, roots, out var timestampFailure);
        if (range is null)
        {
            return timestampFailure;
        }

        foreach (var certificate in content.Certificates)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (range.Value.Earliest < notBefore)
            {
                return new(SignetErrorCode.TimestampInvalid, $"The timestamp {range.Value.Earliest:u}..{range.Value.Latest:u} can be before the validity period of the certificate '{certificate.Subject}', which starts {notBefore:u}.");
            }

            if (range.Value.Latest > notAfter)
            {
                return new(SignetErrorCode.TimestampInvalid, $"The timestamp {range.Value.Earliest:u}..{range.Value.Latest:u} can be after the validity period of the certificate '{certificate.Subject}', which ended {notAfter:u}.");
            }
        }

        return null;
    }

    private static SignatureFormat? FormatFor(string mediaType) => mediaType switch
    {
        MediaTypes.JoseJson => SignatureFormat.NotationJws,
        MediaTypes.Cose => SignatureFormat.NotationCose,
        _ => null,
    };

    private static SignatureVerificationResult Fail(SignatureFormat format, string code, string message, Digest? signatureDigest) => new()
    {
        Format = format,
        IsValid = false,
        Code = code,
        Message = message,
        SignatureDigest = signatureDigest,
    };

    private static SignatureVerificationResult Skipped(TrustPolicyStatement statement, Digest? signatureDigest) => new()
    {
        Format = SignatureFormat.NotationJws,
        IsValid = true,
        Code = SignatureVerificationResult.Verified,
        Message = $"Signature verification is skipped by trust policy statement '{statement.Name}' (level skip).",
        SignatureDigest = signatureDigest,
        Warnings = [$"trust policy statement '{statement.Name}' skips signature verification"],
    };

    private SignatureVerificationResult Finish(SignatureVerificationResult result, string repository)
    {
        if (result.IsValid)
        {
            Log.Verified(_logger, repository, result.SignatureDigest, result.Signer, result.Warnings.Count);
        }
        else
        {
            Log.Failed(_logger, repository, result.SignatureDigest, result.Code, result.Message);
        }

        foreach (var warning in result.Warnings)
        {
            Log.LoggedFailure(_logger, repository, result.SignatureDigest, warning);
        }

        return result;
    }

    /// <summary>The facts read from an envelope, shared by every result built after parsing.</summary>
    private sealed class ResultFacts(EnvelopeContent content, Digest? signatureDigest)
    {
        public List<string> Passed { get; } = [];

        public List<string> Warnings { get; } = [];

        public SignerIdentity Signer { get; } = new()
        {
            CertificateSubject = content.Chain.Subject,
            CertificateThumbprint = content.Chain.Thumbprint,
        };

        public SignatureVerificationResult Fail(string code, string message) => Build(false, code, message);

        public SignatureVerificationResult Succeed(string message) => Build(true, SignatureVerificationResult.Verified, message);

        private SignatureVerificationResult Build(bool valid, string code, string message) => new()
        {
            Format = content.Format,
            IsValid = valid,
            Code = code,
            Message = message,
            SignatureDigest = signatureDigest,
            Signer = Signer,
            Algorithm = content.Algorithm.Name,
            SigningTime = content.SigningTime,
            Expiry = content.Expiry,
            PassedChecks = [.. Passed],
            Warnings = [.. Warnings],
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Verification + 300, Level = LogLevel.Information, Message = "Notary Project signature {Digest} for {Image} verified, signer {Signer}, {WarningCount} logged findings")]
        public static partial void Verified(ILogger logger, string image, Digest? digest, SignerIdentity? signer, int warningCount);

        [LoggerMessage(EventId = SignetEventId.Verification + 301, Level = LogLevel.Warning, Message = "Notary Project signature {Digest} for {Image} failed with {Code}: {Reason}")]
        public static partial void Failed(ILogger logger, string image, Digest? digest, string code, string reason);

        [LoggerMessage(EventId = SignetEventId.Verification + 302, Level = LogLevel.Warning, Message = "Notary Project signature {Digest} for {Image}: {Finding}")]
        public static partial void LoggedFailure(ILogger logger, string image, Digest? digest, string finding);
    }
}
