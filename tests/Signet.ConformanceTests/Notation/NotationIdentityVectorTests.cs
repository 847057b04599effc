using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>Trusted-identity certificates, the remaining TSA roots and the notation-go OCI layout subject.</summary>
public sealed class NotationIdentityVectorTests
{
    [Theory]
    [InlineData("C=US,O=SomeOrg,ST=WA", true)]
    [InlineData("C=IND,O=SomeOrg,ST=WA", false)]
    [InlineData("C=US,O=SomeOrg,ST=WA,CN=SomeCN,OU=SomeOU,L=Seattle", true)]
    public void SigningCert_TrustedIdentity_MatchesAsNotationGo(string identity, bool matches)
    {
        var certificate = LoadCertificate(NotationGo("verifier/testdata/verifier/signing-cert.pem"));
        var chain = new SignerChain([certificate]);

        Assert.True(chain.SubjectValid, chain.SubjectError);
        Assert.True(DistinguishedName.TryParse(identity, out var dn, out var error), error);
        Assert.Equal(matches, DistinguishedName.IsSubset(dn, chain.SubjectMap!));
        Assert.Equal("CN=SomeCN,OU=SomeOU,O=SomeOrg,L=Seattle,ST=WA,C=US", chain.Subject);
    }

    [Fact]
    public void BadCert_AnyIdentity_Errors()
    {
        var certificate = LoadCertificate(NotationGo("verifier/testdata/verifier/bad-cert.pem"));
        var chain = new SignerChain([certificate]);

        Assert.False(chain.SubjectValid);
        Assert.Null(chain.SubjectMap);
        Assert.Contains("=#", chain.SubjectError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signer/testdata/DigiCertTSARootSHA384.cer")]
    public void NotationGoTsaRoot_LoadsAsTsaStore(string file)
    {
        using var store = new TemporaryTrustStore().AddFile(TrustStoreType.Tsa, "signer", NotationGo(file));

        Assert.True(store.Open().TryGetCertificates(TrustStoreType.Tsa, "signer", out var certificates, out var error), error);
        Assert.Single(certificates);
    }

    [Theory]
    [InlineData("config/timestamp/CertChain.pem")]
    [InlineData("config/timestamp/intermediate.pem")]
    public void E2eChainFiles_AreNotTsaRootStores(string file)
    {
        using var store = new TemporaryTrustStore().AddFile(TrustStoreType.Tsa, "e2e", E2e(file));

        Assert.False(store.Open().TryGetCertificates(TrustStoreType.Tsa, "e2e", out _, out var error));
        Assert.Contains("is not a root certificate authority", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("internal/testdata/jws_signature.sig")]
    [InlineData("internal/testdata/cose_signature.sig")]
    public async Task AlpineSignature_SignsTheNotationGoLayoutImage(string file)
    {
        var layout = new Signet.Core.Layout.OciLayoutStore(NotationGo("internal/testdata/oci-layout"));
        var image = await layout.ResolveAsync("v2");
        var envelope = File.ReadAllBytes(NotationGo(file));
        var leaf = Parse(envelope, MediaTypeOf(envelope)).Certificates[0];
        using var store = new TemporaryTrustStore().Add(TrustStoreType.Ca, "alpine", leaf);

        var result = Verifier(TrustPolicyJson("strict", "\"ca:alpine\""), store.Open()).VerifyEnvelope(envelope, MediaTypeOf(envelope), image, "docker.io/library/alpine");
        var wrong = Verifier(TrustPolicyJson("strict", "\"ca:alpine\""), store.Open()).VerifyEnvelope(envelope, MediaTypeOf(envelope), image with { MediaType = MediaTypes.DockerManifest }, "docker.io/library/alpine");

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, wrong.Code);
    }
}
