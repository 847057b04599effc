using Microsoft.Extensions.Time.Testing;
using Signet.Core.Errors;
using Signet.Core.Layout;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Trust;
using Signet.UnitTests.Keys;

namespace Signet.UnitTests.Signatures.Notation;

/// <summary>Sign with every key type of the embedded key store, store in an OCI layout, verify — JWS and COSE.</summary>
public sealed class NotationSignerRoundTripTests(EmbeddedKeysFixture fixture) : IClassFixture<EmbeddedKeysFixture>, IDisposable
{
    private readonly string _layout = Directory.CreateTempSubdirectory("signet-notation-").FullName;
    private readonly FakeTimeProvider _time = new(NotationTestPki.Now);

    public void Dispose() => Directory.Delete(_layout, recursive: true);

    public static TheoryData<KeyType, SignatureFormat, string> Matrix()
    {
        var data = new TheoryData<KeyType, SignatureFormat, string>();
        var names = new Dictionary<KeyType, string>
        {
            [KeyType.Rsa2048] = "PS256",
            [KeyType.Rsa3072] = "PS384",
            [KeyType.Rsa4096] = "PS512",
            [KeyType.EcP256] = "ES256",
            [KeyType.EcP384] = "ES384",
            [KeyType.EcP521] = "ES512",
        };
        foreach (var (keyType, algorithm) in names)
        {
            data.Add(keyType, SignatureFormat.NotationJws, algorithm);
            data.Add(keyType, SignatureFormat.NotationCose, algorithm);
        }

        return data;
    }

    private async Task<(SignatureArtifact Artifact, NotationCertificateSet Certificates, string KeyId)> SignAsync(KeyType keyType, SignatureFormat format, DateTimeOffset? expiry = null)
    {
        var key = await fixture.Keys.Store.GetKeyAsync(EmbeddedKeysFixture.NameOf(keyType));
        var certificates = await NotationCertificates.CreateForKeyAsync(fixture.Keys.Vault, key.Id, "CN=builder, O=Signet Test, ST=WA, C=US", _time, TimeSpan.FromDays(365));
        var signer = new NotationSigner(new NotationSignerOptions { Envelope = format }, _time);
        var artifact = await signer.SignAsync(new SigningRequest
        {
            Subject = NotationTestPki.Subject,
            Image = ImageReference.Parse($"{NotationTestPki.Repository}@{NotationTestPki.Subject.Digest}"),
            Keys = fixture.Keys.Vault,
            KeyId = key.Id,
            CertificateChain = certificates.Chain,
            Expiry = expiry,
        });
        return (artifact, certificates, key.Id);
    }

    private async Task<SignatureVerificationResult> StoreAndVerifyAsync(SignatureArtifact artifact, NotationVerifier verifier)
    {
        var store = new OciLayoutStore(_layout);
        foreach (var blob in artifact.Blobs)
        {
            await store.PushBlobAsync(blob.Descriptor, blob.Content);
        }

        await store.PushManifestAsync(artifact.Manifest);
        var fetched = await store.FetchManifestAsync(artifact.Manifest.Digest.ToString());
        var results = await verifier.VerifyAsync(new SignatureVerificationContext
        {
            Subject = NotationTestPki.Subject,
            Image = ImageReference.Parse($"{NotationTestPki.Repository}@{NotationTestPki.Subject.Digest}"),
            SignatureManifest = fetched,
            Repository = store,
        });
        return Assert.Single(results);
    }

    private NotationVerifier Verifier(NotationCertificateSet certificates, string level = "strict") =>
        new(TrustPolicyDocument.Parse(NotationTestPki.PolicyJson(level)), NotationTestPki.Store(certificates.Ca), timeProvider: _time);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task SignThenVerify_EveryAlgorithm_Verifies(KeyType keyType, SignatureFormat format, string algorithm)
    {
        var (artifact, certificates, keyId) = await SignAsync(keyType, format);

        var result = await StoreAndVerifyAsync(artifact, Verifier(certificates));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(format, result.Format);
        Assert.Equal(algorithm, result.Algorithm);
        Assert.Equal(algorithm, artifact.Algorithm);
        Assert.Equal(keyId, artifact.Signer.KeyId);
        Assert.Equal("CN=builder,O=Signet Test,ST=WA,C=US", result.Signer!.CertificateSubject);
        Assert.Equal(artifact.Signer.CertificateThumbprint, result.Signer.CertificateThumbprint);
        Assert.Equal(NotationTestPki.Now, result.SigningTime);
        Assert.Equal(["integrity", "authenticity", "expiry", "authenticTimestamp", "revocation"], result.PassedChecks);
    }

    [Theory]
    [InlineData(SignatureFormat.NotationJws, MediaTypes.JoseJson)]
    [InlineData(SignatureFormat.NotationCose, MediaTypes.Cose)]
    public async Task Sign_WritesNotationOci11ManifestShape(SignatureFormat format, string envelopeType)
    {
        var (artifact, certificates, _) = await SignAsync(KeyType.EcP256, format);
        var envelope = artifact.Blobs[1].Descriptor;
        var thumbprints = string.Join("\\\",\\\"", new[] { certificates.Leaf, certificates.Ca }.Select(c => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(c.RawData))));
        var expected =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.cncf.notary.signature\"," +
            "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2,\"data\":\"e30=\"}," +
            $"\"layers\":[{{\"mediaType\":\"{envelopeType}\",\"digest\":\"{envelope.Digest}\",\"size\":{envelope.Size}}}]," +
            $"\"subject\":{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{NotationTestPki.Subject.Digest}\",\"size\":19}}," +
            $"\"annotations\":{{\"io.cncf.notary.x509chain.thumbprint#S256\":\"[\\\"{thumbprints}\\\"]\",\"org.opencontainers.image.created\":\"2026-03-01T12:00:00Z\"}}}}";

        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(artifact.Manifest.Bytes.Span));
        Assert.Equal(AttachmentKind.Referrer, artifact.Attachment);
        Assert.Equal("{}"u8.ToArray(), artifact.Blobs[0].Content.ToArray());
        Assert.Equal(Descriptor.EmptyJson.Digest, artifact.Blobs[0].Descriptor.Digest);
    }

    [Theory]
    [InlineData(SignatureFormat.NotationJws)]
    [InlineData(SignatureFormat.NotationCose)]
    public async Task SignWithExpiry_AfterExpiry_FailsStrictAndLogsAudit(SignatureFormat format)
    {
        var (artifact, certificates, _) = await SignAsync(KeyType.EcP256, format, NotationTestPki.Now.AddHours(1));
        _time.Advance(TimeSpan.FromHours(2));

        var strict = await StoreAndVerifyAsync(artifact, Verifier(certificates));
        var audit = await StoreAndVerifyAsync(artifact, Verifier(certificates, "audit"));

        Assert.False(strict.IsValid);
        Assert.Equal(SignetErrorCode.SignatureExpired, strict.Code);
        Assert.Equal(NotationTestPki.Now.AddHours(1), strict.Expiry);
        Assert.True(audit.IsValid);
        Assert.StartsWith(SignetErrorCode.SignatureExpired, Assert.Single(audit.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_CertificateForAnotherKey_Throws()
    {
        var other = await fixture.Keys.Store.GetKeyAsync(EmbeddedKeysFixture.NameOf(KeyType.EcP384));
        var key = await fixture.Keys.Store.GetKeyAsync(EmbeddedKeysFixture.NameOf(KeyType.EcP256));
        var certificates = await NotationCertificates.CreateForKeyAsync(fixture.Keys.Vault, other.Id, "CN=x, O=Signet Test, ST=WA, C=US", _time, TimeSpan.FromDays(1));
        var signer = new NotationSigner(timeProvider: _time);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => signer.SignAsync(new SigningRequest
        {
            Subject = NotationTestPki.Subject,
            Image = ImageReference.Parse(NotationTestPki.Repository + ":v1"),
            Keys = fixture.Keys.Vault,
            KeyId = key.Id,
            CertificateChain = certificates.Chain,
        }));

        Assert.Contains("public keys differ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_AlgorithmThatDoesNotFitTheKey_Throws()
    {
        var key = await fixture.Keys.Store.GetKeyAsync(EmbeddedKeysFixture.NameOf(KeyType.Rsa2048));
        var certificates = await NotationCertificates.CreateForKeyAsync(fixture.Keys.Vault, key.Id, "CN=x, O=Signet Test, ST=WA, C=US", _time, TimeSpan.FromDays(1));
        var signer = new NotationSigner(timeProvider: _time);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => signer.SignAsync(new SigningRequest
        {
            Subject = NotationTestPki.Subject,
            Image = ImageReference.Parse(NotationTestPki.Repository + ":v1"),
            Keys = fixture.Keys.Vault,
            KeyId = key.Id,
            CertificateChain = certificates.Chain,
            Algorithm = SigningAlgorithm.RsaPssSha512,
        }));

        Assert.Contains("PS256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_WithoutChain_Throws()
    {
        var signer = new NotationSigner(timeProvider: _time);

        await Assert.ThrowsAsync<ArgumentException>(() => signer.SignAsync(new SigningRequest
        {
            Subject = NotationTestPki.Subject,
            Image = ImageReference.Parse(NotationTestPki.Repository + ":v1"),
            Keys = fixture.Keys.Vault,
            KeyId = "any",
        }));
    }

    [Fact]
    public async Task Verify_OtherTrustStore_FailsAuthenticity()
    {
        var (artifact, _, _) = await SignAsync(KeyType.EcP256, SignatureFormat.NotationJws);
        using var other = NotationTestPki.Create();

        var result = await StoreAndVerifyAsync(artifact, new NotationVerifier(TrustPolicyDocument.Parse(NotationTestPki.PolicyJson()), NotationTestPki.Store(other.Ca), timeProvider: _time));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.KeyNotTrusted, result.Code);
    }
}
