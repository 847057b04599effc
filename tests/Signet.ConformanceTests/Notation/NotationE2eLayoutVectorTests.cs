using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Trust;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>The notation e2e OCI layouts verified with the e2e trust store and policies, at a 2026 clock.</summary>
public sealed class NotationE2eLayoutVectorTests : IDisposable
{
    private readonly TemporaryTrustStore _store;

    public NotationE2eLayoutVectorTests()
    {
        _store = new TemporaryTrustStore()
            .AddFile(TrustStoreType.Ca, "e2e", E2e("config/localkeys/e2e.crt"))
            .AddFile(TrustStoreType.Ca, "e2e-new", E2e("config/localkeys/new_e2e.crt"))
            .AddFile(TrustStoreType.Ca, "e2e-expired", E2e("config/localkeys/expired_e2e.crt"))
            .AddFile(TrustStoreType.Tsa, "e2e", E2e("config/timestamp/globalsignTSARoot.cer"));
    }

    public void Dispose() => _store.Dispose();

    private Signet.Signatures.Notation.NotationVerifier Verifier(string policy) => NotationVectors.Verifier(policy, _store.Open());

    private Signet.Signatures.Notation.NotationVerifier PolicyFile(string file) =>
        NotationVectors.Verifier(File.ReadAllText(E2e("config/trustpolicies/" + file)), _store.Open());

    [Fact]
    public async Task UnsignedImage_HasNoSignature()
    {
        var (subject, signatures) = await NotationE2eLayouts.SignaturesAsync("e2e");

        Assert.Equal("sha256:b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9", subject.Digest.ToString());
        Assert.Empty(signatures);
    }

    [Fact]
    public async Task ValidSignature_VerifiesStrict()
    {
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-valid-signature", PolicyFile("trustpolicy.json")));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("sha256:90ceaff260d657d797c408ac73564a9c7bb9d86055877c2a811f0e63b8c6524f", result.SignatureDigest.ToString());
        Assert.Equal("CN=e2e,O=Notary,L=Seattle,ST=WA,C=US", result.Signer!.CertificateSubject);
        Assert.Equal("e38aea13f2b051f7183cca64a51ee676f4d4456f41d9fecf15eb367efc7343b9", result.Signer.CertificateThumbprint);
        Assert.Equal(new DateTimeOffset(2023, 6, 27, 5, 30, 33, TimeSpan.Zero), result.SigningTime);
        Assert.Null(result.Expiry);
    }

    [Theory]
    [InlineData("strict", false)]
    [InlineData("permissive", false)]
    [InlineData("audit", true)]
    public async Task ValidSignature_WithWrongTrustStore_FailsAuthenticityUnlessAudit(string level, bool valid)
    {
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-valid-signature", Verifier(NotationVectors.TrustPolicyJson(level, "\"ca:e2e-new\""))));

        Assert.Equal(valid, result.IsValid);
        var finding = valid ? Assert.Single(result.Warnings) : result.Message;
        Assert.Contains("does not contain any trusted certificate", finding, StringComparison.Ordinal);
        Assert.Contains(SignetErrorCode.KeyNotTrusted, valid ? finding : result.Code, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultipleSignatures_OneVerifies()
    {
        var results = await NotationE2eLayouts.VerifyAsync("e2e-valid-multiple-signatures", PolicyFile("trustpolicy.json"));

        Assert.Equal(2, results.Count);
        Assert.Single(results, r => r.IsValid);
        Assert.Single(results, r => !r.IsValid && r.Code == SignetErrorCode.KeyNotTrusted);
    }

    [Theory]
    [InlineData("trustpolicy.json", false)]
    [InlineData("permissive_trustpolicy.json", true)]
    [InlineData("audit_trustpolicy.json", true)]
    [InlineData("override_strict_trustpolicy.json", true)]
    [InlineData("override_permissive_trustpolicy.json", false)]
    [InlineData("override_audit_trustpolicy.json", false)]
    public async Task ExpiredSignature_FollowsLevelAndOverride(string policy, bool valid)
    {
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-expired-signature", PolicyFile(policy)));

        Assert.Equal(valid, result.IsValid);
        if (valid)
        {
            Assert.Contains(result.Warnings, w => w.StartsWith(SignetErrorCode.SignatureExpired, StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(SignetErrorCode.SignatureExpired, result.Code);
            Assert.Contains("expired", result.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("strict", false)]
    [InlineData("permissive", true)]
    [InlineData("audit", true)]
    public async Task ExpiredCertificate_WithoutTimestamp_FailsStrictOnly(string level, bool valid)
    {
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-with-expired-cert", Verifier(NotationVectors.TrustPolicyJson(level, "\"ca:e2e-expired\""))));

        Assert.Equal(valid, result.IsValid);
        var finding = valid ? Assert.Single(result.Warnings) : result.Message;
        Assert.Contains(SignetErrorCode.CertificateExpired, valid ? finding : result.Code, StringComparison.Ordinal);
        Assert.Contains("2023-06-27 06:10:00Z", finding, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("permissive")]
    [InlineData("audit")]
    public async Task InvalidSignature_FailsIntegrity(string level)
    {
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-invalid-signature", Verifier(NotationVectors.TrustPolicyJson(level, "\"ca:e2e\""))));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.UnsupportedMediaType, result.Code);
    }

    [Fact]
    public async Task InvalidSignature_PassesWhenSkipped()
    {
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-invalid-signature", PolicyFile("skip_trustpolicy.json")));

        Assert.True(result.IsValid);
        Assert.Empty(result.PassedChecks);
        Assert.Contains("skip", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimestampedSignature_IsCryptographicallyValidButExpiredToday()
    {
        var envelope = await NotationE2eLayouts.EnvelopeAsync("e2e-with-timestamped-signature");
        var content = Parse(envelope, MediaTypes.JoseJson);
        using var store = new TemporaryTrustStore().Add(TrustStoreType.Ca, "testcert7", content.Certificates[0]);
        var strict = NotationVectors.Verifier(NotationVectors.TrustPolicyJson("strict", "\"ca:testcert7\""), store.Open());
        var audit = NotationVectors.Verifier(NotationVectors.TrustPolicyJson("audit", "\"ca:testcert7\""), store.Open());

        var strictResult = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-with-timestamped-signature", strict));
        var auditResult = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-with-timestamped-signature", audit));

        Assert.NotNull(content.TimestampToken);
        Assert.Equal("e2e", PayloadSubject(envelope).Annotations!["purpose"]);
        Assert.False(strictResult.IsValid);
        Assert.Equal(SignetErrorCode.SignatureExpired, strictResult.Code);
        Assert.True(auditResult.IsValid, auditResult.Message);
        Assert.Equal(["integrity", "authenticity", "revocation"], auditResult.PassedChecks);
    }

    [Fact]
    public async Task TimestampedSignature_WithUnrelatedTsaRoot_FailsTimestamp()
    {
        var envelope = await NotationE2eLayouts.EnvelopeAsync("e2e-with-timestamped-signature");
        using var store = new TemporaryTrustStore()
            .Add(TrustStoreType.Ca, "testcert7", Parse(envelope, MediaTypes.JoseJson).Certificates[0])
            .AddFile(TrustStoreType.Tsa, "e2e", E2e("config/timestamp/DigiCertTSARootSHA384.cer"));
        var verifier = NotationVectors.Verifier(NotationVectors.TrustPolicyJson("strict", "\"ca:testcert7\",\"tsa:e2e\"", extra: ",\"override\":{\"expiry\":\"log\"}"), store.Open());

        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-with-timestamped-signature", verifier));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.TimestampInvalid, result.Code);
    }

    [Fact]
    public async Task InvalidTimestampedSignature_FailsTimestampParse()
    {
        var envelope = await NotationE2eLayouts.EnvelopeAsync("e2e-with-invalid-timestamped-signature");
        using var store = new TemporaryTrustStore()
            .Add(TrustStoreType.Ca, "testcert7", Parse(envelope, MediaTypes.JoseJson).Certificates[0])
            .AddFile(TrustStoreType.Tsa, "e2e", E2e("config/timestamp/globalsignTSARoot.cer"));
        var verifier = NotationVectors.Verifier(NotationVectors.TrustPolicyJson("strict", "\"ca:testcert7\",\"tsa:e2e\"", extra: ",\"override\":{\"expiry\":\"log\"}"), store.Open());

        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-with-invalid-timestamped-signature", verifier));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.TimestampInvalid, result.Code);
        Assert.Contains("Failed to parse the timestamp countersignature", result.Message, StringComparison.Ordinal);
        Assert.Contains("integrity", result.PassedChecks);
    }

    [Theory]
    [InlineData("signatures/blob.jws.sig")]
    [InlineData("signatures/blob.cose.sig")]
    public void BlobSignature_VerifiesCryptographically(string file)
    {
        var envelope = File.ReadAllBytes(E2e(file));
        var content = Parse(envelope, MediaTypeOf(envelope));

        Assert.Equal("PS256", content.Algorithm.Name);
        Assert.True(content.CoseMessage is null ? Signet.Signatures.Notation.Envelopes.JwsEnvelope.VerifySignature(content) : Signet.Signatures.Notation.Envelopes.CoseEnvelope.VerifySignature(content));
        Assert.Null(new CertificateChainValidator().Validate(content.Certificates, CertificateChainValidator.Purpose.CodeSigning));
        var target = PayloadSubject(envelope);
        Assert.Equal("sha256:c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4", target.Digest.ToString());
        Assert.Equal(11357, target.Size);
    }

    [Fact]
    public void MalformedBlobSignature_DoesNotParse()
    {
        var envelope = File.ReadAllBytes(E2e("signatures/malformed.jws.sig"));

        Assert.Null(Signet.Signatures.Notation.Envelopes.JwsEnvelope.TryParse(envelope, 10, out var failure));
        Assert.Equal(SignetErrorCode.SignatureMalformed, failure!.Code);
    }
}
