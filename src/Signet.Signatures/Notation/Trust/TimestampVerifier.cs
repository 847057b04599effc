using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Errors;
using Signet.Signatures.Notation.Envelopes;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// Verifies an RFC 3161 timestamp countersignature over a Notary Project signature: the token parses, its message
/// imprint matches the primitive signature bytes, its CMS signature verifies, and the TSA certificate chains to a
/// root of the policy's <c>tsa</c> trust stores at the timestamp time.
/// </summary>
/// <remarks>Spec "Timestamp Countersignature Verification details"; notation-go <c>verifier.go</c> <c>verifyTimestamp</c>.</remarks>
internal static class TimestampVerifier
{
    /// <summary>The largest timestamp token accepted.</summary>
    public const int MaxTokenBytes = 64 * 1024;

    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    /// <summary>The time range a verified token vouches for.</summary>
    /// <param name="Earliest">Generation time minus accuracy.</param>
    /// <param name="Latest">Generation time plus accuracy.</param>
    public readonly record struct TimestampRange(DateTimeOffset Earliest, DateTimeOffset Latest);

    /// <summary>Verifies <paramref name="token"/> over <paramref name="signature"/>; the range, or a failure.</summary>
    public static TimestampRange? Verify(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> signature, IReadOnlyList<X509Certificate2> tsaRoots, out EnvelopeFailure? failure)
    {
        failure = null;
        if (token.Length is 0 or > MaxTokenBytes)
        {
            failure = Invalid($"The timestamp countersignature is {token.Length} bytes (allowed 1..{MaxTokenBytes}).");
            return null;
        }

        Rfc3161TimestampToken? parsed;
        try
        {
            if (!Rfc3161TimestampToken.TryDecode(token, out parsed, out var consumed) || consumed != token.Length)
            {
                failure = Invalid("Failed to parse the timestamp countersignature: it is not an RFC 3161 TimeStampToken.");
                return null;
            }
        }
        catch (CryptographicException ex)
        {
            failure = Invalid($"Failed to parse the timestamp countersignature: {ex.Message}");
            return null;
        }

        var info = parsed.TokenInfo;
        if (info.HashAlgorithmId.Value is not ("2.16.840.1.101.3.4.2.1" or "2.16.840.1.101.3.4.2.2" or "2.16.840.1.101.3.4.2.3"))
        {
            failure = Invalid($"The timestamp countersignature uses the message imprint hash {info.HashAlgorithmId.FriendlyName ?? info.HashAlgorithmId.Value}; SHA-256, SHA-384 or SHA-512 is required.");
            return null;
        }

        X509Certificate2? signer;
        try
        {
            if (!parsed.VerifySignatureForData(signature, out signer) || signer is null)
            {
                failure = Invalid(parsed.AsSignedCms().Certificates.Count == 0
                    ? "The timestamp countersignature is invalid: the signing certificate was not found in the timestamp token."
                    : "The timestamp countersignature is invalid: its message imprint does not match the signature, or its CMS signature does not verify.");
                return null;
            }
        }
        catch (CryptographicException ex)
        {
            failure = Invalid($"The timestamp countersignature is invalid: {ex.Message}");
            return null;
        }

        var accuracy = TimeSpan.FromTicks((info.AccuracyInMicroseconds ?? 0) * 10);
        var range = new TimestampRange(info.Timestamp - accuracy, info.Timestamp + accuracy);
        if (signer.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } eku
            || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingEku))
        {
            failure = Invalid($"The timestamp signing certificate '{signer.Subject}' does not have the timeStamping extended key usage.");
            return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(tsaRoots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(parsed.AsSignedCms().Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = info.Timestamp.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(TimeStampingEku));
        if (!chain.Build(signer))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            failure = Invalid($"The timestamp signing certificate '{signer.Subject}' does not chain to a trusted TSA root at {info.Timestamp:u} (certificate signed by unknown authority): {status}");
            return null;
        }

        return range;
    }

    private static EnvelopeFailure Invalid(string message) => new(SignetErrorCode.TimestampInvalid, message);
}
