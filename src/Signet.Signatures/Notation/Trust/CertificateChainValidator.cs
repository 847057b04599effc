using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Errors;
using Signet.Signatures.Notation.Envelopes;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// The certificate chain rules of the Notary Project signature specification ("Certificate Requirements";
/// notation-core-go <c>x509/codesigning_cert_validations.go</c>, <c>timestamp_cert_validations.go</c>): order leaf to
/// self-signed root, each certificate signed by the next, CA and leaf extension rules, no SHA-1, minimum key sizes.
/// Validity periods are checked by the caller at the right time (signing time, or the authentic timestamp).
/// </summary>
internal sealed class CertificateChainValidator
{
    private const int MaxCacheEntries = 1024;

    private static readonly string[] s_forbiddenCodeSigningEkus =
    [
        "2.5.29.37.0", "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9",
    ];

    private readonly ConcurrentDictionary<string, EnvelopeFailure?> _cache = new(StringComparer.Ordinal);

    /// <summary>The purpose a chain is validated for.</summary>
    public enum Purpose
    {
        /// <summary>A signing certificate chain (leaf must be a code-signing certificate).</summary>
        CodeSigning,

        /// <summary>A timestamping authority chain (leaf must carry the timeStamping EKU).</summary>
        Timestamping,
    }

    /// <summary>
    /// Validates a chain, leaf first; null when it meets the rules. Results are cached by the chain's bytes, so a
    /// chain seen before costs one dictionary lookup.
    /// </summary>
    public EnvelopeFailure? Validate(IReadOnlyList<X509Certificate2> chain, Purpose purpose)
    {
        if (chain.Count == 0)
        {
            return Invalid("The certificate chain is empty.");
        }

        var key = CacheKey(chain, purpose);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = ValidateCore(chain, purpose);
        if (_cache.Count >= MaxCacheEntries)
        {
            _cache.Clear();
        }

        _cache[key] = result;
        return result;
    }

    /// <summary>Null when every certificate is valid at <paramref name="time"/>; otherwise the first that is not.</summary>
    public static string? CheckValidityAt(IReadOnlyList<X509Certificate2> chain, DateTimeOffset time)
    {
        foreach (var certificate in chain)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (time < notBefore)
            {
                return $"the certificate '{certificate.Subject}' is not valid yet at {time:u}: its validity starts {notBefore:u}";
            }

            if (time > notAfter)
            {
                return $"the certificate '{certificate.Subject}' was expired at {time:u}: it expired at {notAfter:u}";
            }
        }

        return null;
    }

    /// <summary>Validates a chain without caching (callers that cache the outcome themselves).</summary>
    public static EnvelopeFailure? ValidateUncached(IReadOnlyList<X509Certificate2> chain, Purpose purpose) =>
        chain.Count == 0 ? Invalid("The certificate chain is empty.") : ValidateCore(chain, purpose);

    private static EnvelopeFailure? ValidateCore(IReadOnlyList<X509Certificate2> chain, Purpose purpose)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var certificate = chain[i];
            if (CertificateSignature.UsesSha1(certificate))
            {
                return Invalid($"The certificate '{certificate.Subject}' is signed with SHA-1, which is not allowed.");
            }

            if (KeySizeError(certificate) is { } keyError)
            {
                return Invalid($"The certificate '{certificate.Subject}': {keyError}.");
            }
        }

        var root = chain[^1];
        if (!IsSelfSigned(root))
        {
            return Invalid(chain.Count == 1
                ? $"The certificate '{root.Subject}' is the only certificate of the chain, so it must be self-signed."
                : $"The certificate chain is incomplete: it must end with a self-signed root, but '{root.Subject}' is issued by '{root.Issuer}'.");
        }

        for (var i = 0; i < chain.Count - 1; i++)
        {
            var certificate = chain[i];
            var issuer = chain[i + 1];
            if (IsSelfSigned(certificate))
            {
                return Invalid($"The certificate chain is out of order or has extra certificates: the self-signed certificate '{certificate.Subject}' is at position {i}, not at the end.");
            }

            if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
                || !CertificateSignature.IsSignedBy(certificate, issuer, out var linkError))
            {
                return Invalid($"The certificate chain is out of order or incomplete: '{certificate.Subject}' (position {i}) is not issued by '{issuer.Subject}' (position {i + 1}).");
            }

            _ = linkError;
        }

        for (var i = 1; i < chain.Count; i++)
        {
            if (CaError(chain[i], expectedPathLength: i - 1) is { } caError)
            {
                return Invalid($"The CA certificate '{chain[i].Subject}': {caError}.");
            }
        }

        var leafError = purpose == Purpose.CodeSigning ? CodeSigningLeafError(chain[0]) : TimestampingLeafError(chain[0]);
        return leafError is null ? null : Invalid($"The signing certificate '{chain[0].Subject}': {leafError}.");
    }

    private static string? CaError(X509Certificate2 certificate, int expectedPathLength)
    {
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic is null || !basic.Critical || !basic.CertificateAuthority)
        {
            return "the basic constraints extension must be present, critical, and have cA set to true";
        }

        if (basic.HasPathLengthConstraint && expectedPathLength > basic.PathLengthConstraint)
        {
            return $"the path length constraint {basic.PathLengthConstraint} is exceeded ({expectedPathLength} CA certificates below it)";
        }

        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is null || !usage.Critical)
        {
            return "the key usage extension must be present and critical";
        }

        return usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign) ? null : "the key usage must include keyCertSign";
    }

    private static string? CodeSigningLeafError(X509Certificate2 leaf)
    {
        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return "the basic constraints extension, when present, must have cA set to false";
        }

        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is null || !usage.Critical)
        {
            return "the key usage extension must be present and critical";
        }

        if (!usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return "the key usage must include digitalSignature";
        }

        const X509KeyUsageFlags Forbidden = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyAgreement
            | X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.EncipherOnly | X509KeyUsageFlags.DecipherOnly;
        if ((usage.KeyUsages & Forbidden) != 0)
        {
            return $"the key usage {usage.KeyUsages & Forbidden} is not allowed for a signing certificate";
        }

        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is not null)
        {
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                if (s_forbiddenCodeSigningEkus.Contains(oid.Value))
                {
                    return $"the extended key usage {oid.FriendlyName ?? oid.Value} is not allowed for a signing certificate";
                }
            }
        }

        return null;
    }

    private static string? TimestampingLeafError(X509Certificate2 leaf)
    {
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.8"))
        {
            return "a timestamping certificate must have the timeStamping extended key usage";
        }

        return null;
    }

    private static string? KeySizeError(X509Certificate2 certificate)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return rsa.KeySize < 2048 ? $"RSA keys must be at least 2048 bits, this one has {rsa.KeySize}" : null;
            }
        }

        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null)
        {
            return ec.KeySize < 256 ? $"EC keys must be at least 256 bits, this one has {ec.KeySize}" : null;
        }

        return $"the key algorithm {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} is not supported";
    }

    /// <summary>True when the certificate is self-issued and its signature verifies with its own key (Go's isSelfSigned).</summary>
    public static bool IsSelfSigned(X509Certificate2 certificate) => IsSelfIssued(certificate) && CertificateSignature.IsSignedBy(certificate, certificate, out _);

    /// <summary>True when subject and issuer names are byte-equal.</summary>
    public static bool IsSelfIssued(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static string CacheKey(IReadOnlyList<X509Certificate2> chain, Purpose purpose)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var certificate in chain)
        {
            hash.AppendData(SHA256.HashData(certificate.RawData));
        }

        return $"{purpose}:{Convert.ToHexString(hash.GetHashAndReset())}";
    }

    private static EnvelopeFailure Invalid(string message) => new(SignetErrorCode.CertificateChainInvalid, message);
}
