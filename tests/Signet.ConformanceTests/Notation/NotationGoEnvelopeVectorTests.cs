using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures;
using Signet.Signatures.Notation.Trust;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>notation-go <c>internal/mock/testdata</c> envelopes with the policy of <c>verifier/helpers_test.go</c>.</summary>
public sealed class NotationGoEnvelopeVectorTests
{
    private const string Repository = "registry.acme-rockets.io/software/net-monitor";

    private static readonly Descriptor s_subject = Descriptor(MediaTypes.DockerManifest, "sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e", 528);

    private static string MockPolicy(string level) => $$"""
        {"version":"1.0","trustPolicies":[{"name":"test-statement-name",
         "registryScopes":["registry.acme-rockets.io/software/net-monitor"],
         "signatureVerification":{"level":"{{level}}"},
         "trustStores":["ca:valid-trust-store","signingAuthority:valid-trust-store"],
         "trustedIdentities":["x509.subject:CN=Notation Test Root,O=Notary,L=Seattle,ST=WA,C=US"]}]}
        """;

    private static SignatureVerificationResult Verify(string file, string level = "strict")
    {
        var envelope = File.ReadAllBytes(NotationGo("internal/mock/testdata/" + file));
        var verifier = Verifier(MockPolicy(level), new NotationTrustStore(NotationGoTrustStoreRoot));
        return verifier.VerifyEnvelope(envelope, MediaTypes.JoseJson, s_subject, Repository);
    }

    [Theory]
    [InlineData("ca_valid_sig_env.json", "notary.x509")]
    [InlineData("sa_valid_sig_env.json", "notary.x509.signingAuthority")]
    public void MockEnvelope_Valid_Verifies(string file, string scheme)
    {
        var result = Verify(file);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SignatureVerificationResult.Verified, result.Code);
        Assert.Equal("PS384", result.Algorithm);
        Assert.Equal(new DateTimeOffset(2020, 11, 9, 7, 0, 0, TimeSpan.Zero), result.SigningTime);
        Assert.Equal(["integrity", "authenticity", "expiry", "authenticTimestamp", "revocation"], result.PassedChecks);
        Assert.Equal("CN=Notation Test Root,O=Notary,L=Seattle,ST=WA,C=US", result.Signer!.CertificateSubject);
        Assert.NotNull(scheme);
    }

    [Theory]
    [InlineData("ca_invalid_sig_env.json")]
    [InlineData("sa_invalid_sig_env.json")]
    public void MockEnvelope_PaddedBase64Url_FailsIntegrity(string file)
    {
        var result = Verify(file);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("base64url", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ca_expired_sig_env.json")]
    [InlineData("sa_expired_sig_env.json")]
    public void MockEnvelope_Expired_FailsStrict(string file)
    {
        var result = Verify(file);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.SignatureExpired, result.Code);
        Assert.Contains("29 Jul 2022 23:59:00", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ca_expired_sig_env.json", "permissive")]
    [InlineData("ca_expired_sig_env.json", "audit")]
    [InlineData("sa_expired_sig_env.json", "permissive")]
    public void MockEnvelope_Expired_IsLoggedBelowStrict(string file, string level)
    {
        var result = Verify(file, level);

        Assert.True(result.IsValid, result.Message);
        Assert.Contains(result.Warnings, w => w.StartsWith(SignetErrorCode.SignatureExpired, StringComparison.Ordinal));
        Assert.DoesNotContain("expiry", result.PassedChecks);
    }

    [Theory]
    [InlineData("ca_plugin_sig_env.json")]
    [InlineData("sa_plugin_sig_env.json")]
    [InlineData("ca_compatible_pluginver_sig_env_0.0.9.json")]
    [InlineData("ca_compatible_pluginver_sig_env_1.0.0-alpha.beta.json")]
    [InlineData("ca_compatible_pluginver_sig_env_1.0.0-alpha.json")]
    [InlineData("ca_compatible_pluginver_sig_env_1.0.0.json")]
    [InlineData("ca_incompatible_pluginver_sig_env_1.0.1.json")]
    [InlineData("ca_incompatible_pluginver_sig_env_1.0.9.json")]
    [InlineData("ca_incompatible_pluginver_sig_env_1.1.0-alpha.json")]
    [InlineData("ca_incompatible_pluginver_sig_env_1.2.3.json")]
    public void MockEnvelope_RequiringPlugin_FailsWithoutPlugin(string file)
    {
        foreach (var level in new[] { "strict", "permissive", "audit" })
        {
            var result = Verify(file, level);

            Assert.False(result.IsValid);
            Assert.Equal(SignetErrorCode.UnknownCriticalHeader, result.Code);
        }
    }

    [Fact]
    public void MockEnvelope_WithMetadata_VerifiesAtAuditWithLoggedFailures()
    {
        var envelope = File.ReadAllBytes(NotationGo("internal/mock/testdata/sig_env_with_metadata.json"));
        var subject = PayloadSubject(envelope);
        var verifier = Verifier(MockPolicy("audit"), new NotationTrustStore(NotationGoTrustStoreRoot));

        var result = verifier.VerifyEnvelope(envelope, MediaTypes.JoseJson, subject with { Annotations = null }, Repository);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(942, subject.Size);
        Assert.Equal("123", subject.Annotations!["io.wabbit-networks.buildId"]);
        Assert.Contains(result.Warnings, w => w.StartsWith(SignetErrorCode.KeyNotTrusted, StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith(SignetErrorCode.CertificateExpired, StringComparison.Ordinal));
    }

    [Fact]
    public void MockEnvelope_WithMetadata_FailsStrictAuthenticity()
    {
        var envelope = File.ReadAllBytes(NotationGo("internal/mock/testdata/sig_env_with_metadata.json"));
        var verifier = Verifier(MockPolicy("strict"), new NotationTrustStore(NotationGoTrustStoreRoot));

        var result = verifier.VerifyEnvelope(envelope, MediaTypes.JoseJson, PayloadSubject(envelope), Repository);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.KeyNotTrusted, result.Code);
    }

    [Fact]
    public void MockEnvelope_ForAnotherSubject_FailsSubjectMismatch()
    {
        var envelope = File.ReadAllBytes(NotationGo("internal/mock/testdata/ca_valid_sig_env.json"));
        var verifier = Verifier(MockPolicy("audit"), new NotationTrustStore(NotationGoTrustStoreRoot));

        var result = verifier.VerifyEnvelope(envelope, MediaTypes.JoseJson, s_subject with { Size = 529 }, Repository);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
    }

    [Theory]
    [InlineData("internal/testdata/jws_signature.sig", "application/jose+json")]
    [InlineData("internal/testdata/cose_signature.sig", "application/cose")]
    public void AlpineEnvelope_WithLeafInCaStore_Verifies(string file, string mediaType)
    {
        var envelope = File.ReadAllBytes(NotationGo(file));
        var leaf = Parse(envelope, mediaType).Certificates[0];
        using var store = new TemporaryTrustStore().Add(TrustStoreType.Ca, "alpine", leaf);
        var verifier = Verifier(NotationVectors.TrustPolicyJson("strict", "\"ca:alpine\"", "\"x509.subject: CN=alpine,O=Notary,L=Seattle,ST=WA,C=US\""), store.Open());
        var subject = Descriptor(MediaTypes.OciManifest, "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0", 481);

        var result = verifier.VerifyEnvelope(envelope, mediaType, subject, "localhost:5000/alpine");

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("PS256", result.Algorithm);
        Assert.Equal(mediaType == MediaTypes.Cose ? SignatureFormat.NotationCose : SignatureFormat.NotationJws, result.Format);
        Assert.StartsWith("9f5f5aec", result.Signer!.CertificateThumbprint, StringComparison.Ordinal);
        Assert.Equal(
            mediaType == MediaTypes.Cose ? DateTimeOffset.FromUnixTimeSeconds(1678769122) : new DateTimeOffset(2023, 3, 14, 16, 10, 2, TimeSpan.FromHours(8)),
            result.SigningTime);
    }

    [Fact]
    public void AlpineEnvelope_WithoutTrustedCertificate_FailsAuthenticity()
    {
        var envelope = File.ReadAllBytes(NotationGo("internal/testdata/cose_signature.sig"));
        var verifier = Verifier(MockPolicy("strict").Replace("registry.acme-rockets.io/software/net-monitor", "localhost:5000/alpine", StringComparison.Ordinal), new NotationTrustStore(NotationGoTrustStoreRoot));
        var subject = Descriptor(MediaTypes.OciManifest, "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0", 481);

        var result = verifier.VerifyEnvelope(envelope, MediaTypes.Cose, subject, "localhost:5000/alpine");

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.KeyNotTrusted, result.Code);
        Assert.Contains("does not contain any trusted certificate", result.Message, StringComparison.Ordinal);
    }
}
