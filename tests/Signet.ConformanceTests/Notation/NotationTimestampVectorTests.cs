using System.Security.Cryptography;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Trust;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>notation-go <c>verifier/testdata/timestamp</c>: envelopes with RFC 3161 countersignatures and raw tokens.</summary>
public sealed class NotationTimestampVectorTests
{
    private const string TimestampPolicyStores = "\"ca:signer\",\"tsa:test-timestamp\"";

    private static Signet.Signatures.SignatureVerificationResult Verify(string file, string trustStores, string extra = ",\"verifyTimestamp\":\"always\"")
    {
        var envelope = File.ReadAllBytes(NotationGo("verifier/testdata/timestamp/sigEnv/" + file));
        var mediaType = MediaTypeOf(envelope);
        using var store = new TemporaryTrustStore()
            .Add(TrustStoreType.Ca, "signer", Parse(envelope, mediaType).Certificates[0])
            .AddFile(TrustStoreType.Tsa, "test-timestamp", NotationGo("verifier/testdata/truststore/x509/tsa/test-timestamp/globalsignRoot.cer"))
            .AddFile(TrustStoreType.Tsa, "test-mismatch", NotationGo("verifier/testdata/truststore/x509/tsa/test-mismatch/DigiCertTSARootSHA384.cer"));
        var verifier = Verifier(NotationVectors.TrustPolicyJson("strict", trustStores, extra: extra), store.Open());
        return verifier.VerifyEnvelope(envelope, mediaType, PayloadSubject(envelope), "localhost:5000/net-monitor");
    }

    [Theory]
    [InlineData("jwsWithTimestamp.sig")]
    [InlineData("coseWithTimestamp.sig")]
    [InlineData("jwsExpiredWithTimestamp.sig")]
    [InlineData("coseExpiredWithTimestamp.sig")]
    public void Envelope_WithTrustedTimestamp_Verifies(string file)
    {
        var result = Verify(file, TimestampPolicyStores);

        Assert.True(result.IsValid, result.Message);
        Assert.Contains("authenticTimestamp", result.PassedChecks);
    }

    [Theory]
    [InlineData("jwsExpiredWithTimestamp.sig")]
    [InlineData("coseExpiredWithTimestamp.sig")]
    public void ExpiredCertificate_WithoutTsaStore_FailsAuthenticTimestamp(string file)
    {
        var result = Verify(file, "\"ca:signer\"");

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.CertificateExpired, result.Code);
        Assert.Contains("2024-06-18 07:30:31Z", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jwsExpiredWithTimestamp.sig")]
    [InlineData("coseExpiredWithTimestamp.sig")]
    public void ExpiredCertificate_AfterCertExpiryPolicy_UsesTimestamp(string file)
    {
        var result = Verify(file, TimestampPolicyStores, ",\"verifyTimestamp\":\"afterCertExpiry\"");

        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Envelope_WithoutTimestamp_FailsWhenTimestampRequired()
    {
        var parsed = Parse(File.ReadAllBytes(NotationGo("verifier/testdata/timestamp/sigEnv/withoutTimestamp.sig")), MediaTypes.JoseJson);
        Assert.Null(parsed.TimestampToken);
        var result = Verify("withoutTimestamp.sig", TimestampPolicyStores);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.TimestampInvalid, result.Code);
        Assert.True(result.Message.Contains("No timestamp countersignature was found", StringComparison.Ordinal), result.Message);
    }

    [Fact]
    public void Envelope_WithoutTimestamp_PassesWithoutTsaStoreOrAfterCertExpiry()
    {
        Assert.True(Verify("withoutTimestamp.sig", "\"ca:signer\"").IsValid);
        Assert.True(Verify("withoutTimestamp.sig", TimestampPolicyStores, ",\"verifyTimestamp\":\"afterCertExpiry\"").IsValid);
    }

    [Theory]
    [InlineData("timestampBeforeNotBefore.sig", "before")]
    [InlineData("timestampAfterNotAfter.sig", "after")]
    public void Timestamp_OutsideCertificateValidity_Fails(string file, string direction)
    {
        var result = Verify(file, TimestampPolicyStores);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.TimestampInvalid, result.Code);
        Assert.Contains($"can be {direction} the validity period", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_FromUntrustedTsa_Fails()
    {
        var result = Verify("jwsWithTimestamp.sig", "\"ca:signer\",\"tsa:test-mismatch\"");

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.TimestampInvalid, result.Code);
        Assert.Contains("does not chain to a trusted TSA root", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeStampToken.p7s", "message imprint does not match")]
    [InlineData("TimeStampTokenWithInvalidTSTInfo.p7s", "Failed to parse")]
    [InlineData("TimeStampTokenWithInvalideContentType.p7s", "Failed to parse")]
    [InlineData("TimeStampTokenWithoutCertificate.p7s", "signing certificate was not found")]
    public void Countersignature_OverUnrelatedSignature_Fails(string file, string reason)
    {
        var token = File.ReadAllBytes(NotationGo("verifier/testdata/timestamp/countersignature/" + file));
        var roots = new[] { LoadCertificate(NotationGo("verifier/testdata/truststore/x509/tsa/test-timestamp/globalsignRoot.cer")) };

        var range = TimestampVerifier.Verify(token, RandomNumberGenerator.GetBytes(256), roots, out var failure);

        Assert.Null(range);
        Assert.Equal(SignetErrorCode.TimestampInvalid, failure!.Code);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Countersignature_FromEnvelope_VerifiesOverItsSignature()
    {
        var envelope = File.ReadAllBytes(NotationGo("verifier/testdata/timestamp/sigEnv/jwsWithTimestamp.sig"));
        var content = Parse(envelope, MediaTypes.JoseJson);
        var roots = new[] { LoadCertificate(NotationGo("verifier/testdata/truststore/x509/tsa/test-timestamp/globalsignRoot.cer")) };

        var range = TimestampVerifier.Verify(content.TimestampToken!.Value, content.Signature.Span, roots, out var failure);

        Assert.True(range is not null, failure?.Message);
        Assert.True(range!.Value.Earliest <= range.Value.Latest);
    }
}
