using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>Trust-store trees of notation-go <c>verifier/testdata/truststore</c> and notation e2e <c>config/timestamp</c>.</summary>
public sealed class NotationTrustStoreVectorTests
{
    [Theory]
    [InlineData(TrustStoreType.Ca, "valid-trust-store", 6)]
    [InlineData(TrustStoreType.Ca, "valid-trust-store-2", 2)]
    [InlineData(TrustStoreType.Ca, "valid-trust-store-self-signed", 1)]
    [InlineData(TrustStoreType.SigningAuthority, "valid-trust-store", 3)]
    [InlineData(TrustStoreType.SigningAuthority, "valid-trust-store-2", 2)]
    [InlineData(TrustStoreType.Tsa, "test-timestamp", 1)]
    [InlineData(TrustStoreType.Tsa, "test-mismatch", 1)]
    public void ValidStore_Loads(TrustStoreType type, string name, int count)
    {
        var store = new NotationTrustStore(NotationGoTrustStoreRoot);

        Assert.True(store.TryGetCertificates(type, name, out var certificates, out var error), error);
        Assert.Equal(count, certificates.Count);
    }

    [Theory]
    [InlineData(TrustStoreType.Ca, "trust-store-with-leaf-certs", "is not a CA certificate or self-signed signing certificate")]
    [InlineData(TrustStoreType.Ca, "trust-store-with-leaf-certs-in-single-file", "is not a CA certificate or self-signed signing certificate")]
    [InlineData(TrustStoreType.Ca, "trust-store-with-invalid-certs", "is not a certificate file")]
    [InlineData(TrustStoreType.Ca, "valid-trust-store_SYMLINK", "is not a certificate file")]
    [InlineData(TrustStoreType.Tsa, "test-nonCA", "is not a root certificate authority")]
    [InlineData(TrustStoreType.Tsa, "test-nonSelfIssued", "is not a root certificate authority")]
    [InlineData(TrustStoreType.Ca, "does-not-exist", "does not exist")]
    [InlineData(TrustStoreType.Ca, "bad/name", "is not valid")]
    public void InvalidStore_IsRejected(TrustStoreType type, string name, string reason)
    {
        var store = new NotationTrustStore(NotationGoTrustStoreRoot);

        Assert.False(store.TryGetCertificates(type, name, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreWithSubDirectory_IsRejected()
    {
        using var temp = new TemporaryTrustStore().AddFile(TrustStoreType.Ca, "with-dirs", NotationGo("verifier/testdata/truststore/x509/trust-store-with-directories/GlobalSignRootCA.crt"));
        Directory.CreateDirectory(Path.Combine(temp.Root, "x509", "ca", "with-dirs", "sub-dir"));

        Assert.False(temp.Open().TryGetCertificates(TrustStoreType.Ca, "with-dirs", out _, out var error));
        Assert.Contains("sub-directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreWithSymlinkedCertificate_IsRejected()
    {
        var source = NotationGo("verifier/testdata/truststore/x509/trust-store-with-cert-symlinks/GlobalSignRootCA.crt");
        using var temp = new TemporaryTrustStore().AddFile(TrustStoreType.Ca, "links", source);
        File.CreateSymbolicLink(Path.Combine(temp.Root, "x509", "ca", "links", "GlobalSignRootCA_SYMLINK.crt"), source);

        Assert.False(temp.Open().TryGetCertificates(TrustStoreType.Ca, "links", out _, out var error));
        Assert.Contains("symbolic link", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkedStore_IsRejected()
    {
        using var temp = new TemporaryTrustStore();
        Directory.CreateDirectory(Path.Combine(temp.Root, "x509", "ca"));
        Directory.CreateSymbolicLink(Path.Combine(temp.Root, "x509", "ca", "linked"), NotationGo("verifier/testdata/truststore/x509/ca/valid-trust-store"));

        Assert.False(temp.Open().TryGetCertificates(TrustStoreType.Ca, "linked", out _, out var error));
        Assert.Contains("symbolic link", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyStore_IsRejected()
    {
        using var temp = new TemporaryTrustStore();
        Directory.CreateDirectory(Path.Combine(temp.Root, "x509", "ca", "empty"));

        Assert.False(temp.Open().TryGetCertificates(TrustStoreType.Ca, "empty", out _, out var error));
        Assert.Contains("no x509 certificates", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config/timestamp/globalsignTSARoot.cer", true)]
    [InlineData("config/timestamp/DigiCertTSARootSHA384.cer", true)]
    [InlineData("config/timestamp/invalid.crt", false)]
    [InlineData("config/timestamp/Empty.txt", false)]
    [InlineData("config/timestamp/notSelfIssued.crt", false)]
    public void E2eTsaCertificate_LoadsOnlyWhenRootCa(string file, bool loads)
    {
        using var temp = new TemporaryTrustStore().AddFile(TrustStoreType.Tsa, "e2e", NotationVectors.E2e(file));

        Assert.Equal(loads, temp.Open().TryGetCertificates(TrustStoreType.Tsa, "e2e", out _, out var error));
        Assert.True(loads || error is not null);
    }

    [Theory]
    [InlineData("x509/testdata/pem.crt", 1)]
    [InlineData("x509/testdata/der.der", 1)]
    [InlineData("x509/testdata/multi-pem.crt", 2)]
    [InlineData("x509/testdata/multi-der.der", 2)]
    [InlineData("x509/testdata/openssl-minimum-self-signed.pem", 1)]
    public void CoreGoCertificateFile_Parses(string file, int count)
    {
        Assert.True(CertificateParsing.TryLoadFile(File.ReadAllBytes(CoreGo(file)), out var certificates, out var error), error);
        Assert.Equal(count, certificates.Count);
    }

    [Fact]
    public void CoreGoInvalidFile_DoesNotParse()
    {
        Assert.False(CertificateParsing.TryLoadFile(File.ReadAllBytes(CoreGo("x509/testdata/invalid")), out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void MinimumSelfSignedCertificate_IsValidCodeSigningChain()
    {
        var certificate = LoadCertificate(CoreGo("x509/testdata/openssl-minimum-self-signed.pem"));

        Assert.Null(new CertificateChainValidator().Validate([certificate], CertificateChainValidator.Purpose.CodeSigning));
    }

    [Fact]
    public void DigiCertTimestampChain_IsValidTimestampingChain()
    {
        var chain = new[] { "timestamp_leaf.crt", "timestamp_intermediate.crt", "timestamp_root.crt" }
            .Select(f => LoadCertificate(CoreGo("x509/testdata/" + f))).ToArray();
        var validator = new CertificateChainValidator();

        Assert.Null(validator.Validate(chain, CertificateChainValidator.Purpose.Timestamping));
        Assert.NotNull(validator.Validate(chain, CertificateChainValidator.Purpose.CodeSigning));
        Assert.NotNull(validator.Validate([chain[0], chain[2], chain[1]], CertificateChainValidator.Purpose.Timestamping));
        Assert.NotNull(validator.Validate(chain[..2], CertificateChainValidator.Purpose.Timestamping));
    }
}
