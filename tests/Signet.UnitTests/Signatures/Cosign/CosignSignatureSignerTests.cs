using System.Security.Cryptography;
using System.Text;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Testing.Signatures;
using Signet.UnitTests.Keys;

namespace Signet.UnitTests.Signatures.Cosign;

public sealed class CosignSignatureSignerTests(EmbeddedKeysFixture fixture) : IClassFixture<EmbeddedKeysFixture>
{
    private static readonly ImageReference s_image = ImageReference.Parse("registry.example/team/app:v1");
    private static readonly Descriptor s_subject = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2}"u8);

    public static TheoryData<KeyType, string> CosignKeyTypes() => new()
    {
        { KeyType.EcP256, "ECDSA_SHA_256" },
        { KeyType.Rsa2048, "SHA_256_RSA_PKCS1_V1_5" },
        { KeyType.Rsa3072, "SHA_256_RSA_PKCS1_V1_5" },
        { KeyType.Rsa4096, "SHA_256_RSA_PKCS1_V1_5" },
    };

    [Theory]
    [MemberData(nameof(CosignKeyTypes))]
    public async Task Sign_EmbeddedKey_RoundTripsThroughSigAttachment(KeyType keyType, string algorithm)
    {
        var repository = new MemoryOciRepository();
        var keyId = "signet:" + EmbeddedKeysFixture.NameOf(keyType);

        var artifact = await new CosignSignatureSigner().SignAsync(Request(keyId));
        var stored = await SignatureStore.PushAsync(repository, s_subject, artifact);
        var verifier = new CosignSignatureVerifier([await TrustedAsync(keyId)]);
        var result = Assert.Single(await verifier.VerifyAsync(Context(repository, stored)));

        Assert.Equal(AttachmentKind.CosignTag, artifact.Attachment);
        Assert.Equal(algorithm, artifact.Algorithm);
        Assert.Equal(keyId, artifact.Signer.KeyId);
        Assert.Equal("v1", artifact.Signer.KeyVersion);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(algorithm, result.Algorithm);
        Assert.Equal(keyId, result.Signer!.KeyId);
        var payload = CosignPayload.Parse(artifact.Blobs[0].Content.Span);
        Assert.Equal("registry.example/team/app", payload.DockerReference);
        Assert.Equal(s_subject.Digest.ToString(), payload.DockerManifestDigest);
    }

    [Fact]
    public async Task Sign_TwoKeys_BothSignaturesKeptUnderTag()
    {
        var repository = new MemoryOciRepository();
        await SignatureStore.PushAsync(repository, s_subject, await new CosignSignatureSigner().SignAsync(Request("signet:" + EmbeddedKeysFixture.NameOf(KeyType.EcP256))));
        var stored = await SignatureStore.PushAsync(repository, s_subject, await new CosignSignatureSigner().SignAsync(Request("signet:" + EmbeddedKeysFixture.NameOf(KeyType.Rsa2048))));

        var fetched = await repository.FetchManifestAsync(CosignAttachment.TagFor(s_subject.Digest));
        var verifier = new CosignSignatureVerifier([await TrustedAsync("signet:" + EmbeddedKeysFixture.NameOf(KeyType.Rsa2048))]);
        var results = await verifier.VerifyAsync(Context(repository, fetched));

        Assert.Equal(stored.Digest, fetched.Digest);
        Assert.Equal(2, fetched.Manifest!.Layers.Count);
        Assert.Equal([SignetErrorCode.SignatureInvalid, SignatureVerificationResult.Verified], results.Select(r => r.Code));
    }

    [Fact]
    public async Task Sign_IncludeTagInIdentity_MatchExactAccepts()
    {
        var repository = new MemoryOciRepository();
        var keyId = "signet:" + EmbeddedKeysFixture.NameOf(KeyType.EcP256);
        var artifact = await new CosignSignatureSigner(new CosignSignerOptions { IncludeTagInIdentity = true }).SignAsync(Request(keyId));
        var stored = await SignatureStore.PushAsync(repository, s_subject, artifact);

        var verifier = new CosignSignatureVerifier([await TrustedAsync(keyId)], new CosignVerifierOptions { IdentityMatch = CosignIdentityMatch.MatchExact });
        var result = Assert.Single(await verifier.VerifyAsync(Context(repository, stored)));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("registry.example/team/app:v1", CosignPayload.Parse(artifact.Blobs[0].Content.Span).DockerReference);
    }

    [Fact]
    public async Task Sign_Annotations_WrittenToOptional()
    {
        var artifact = await new CosignSignatureSigner().SignAsync(Request("signet:" + EmbeddedKeysFixture.NameOf(KeyType.EcP256)) with
        {
            Metadata = new Dictionary<string, string> { ["pipeline"] = "ci-42" },
        });

        Assert.EndsWith("\"optional\":{\"pipeline\":\"ci-42\"}}", Encoding.UTF8.GetString(artifact.Blobs[0].Content.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.EcP521)]
    public async Task Sign_NonP256EcKey_ThrowsArgumentException(KeyType keyType)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new CosignSignatureSigner().SignAsync(Request("signet:" + EmbeddedKeysFixture.NameOf(keyType))));

        Assert.Contains("P-256 or RSA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_PssAlgorithm_ThrowsArgumentException()
    {
        var request = Request("signet:" + EmbeddedKeysFixture.NameOf(KeyType.Rsa2048)) with { Algorithm = SigningAlgorithm.RsaPssSha256 };

        await Assert.ThrowsAsync<ArgumentException>(() => new CosignSignatureSigner().SignAsync(request));
    }

    [Fact]
    public async Task Sign_CosignKeyFile_VerifiesWithItsPublicKey()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = CosignPrivateKey.Encrypt(ecdsa, "pw"u8, scryptN: 1024);
        using var provider = CosignKeyProvider.FromEncryptedPem(pem, "pw"u8);
        var repository = new MemoryOciRepository();

        var artifact = await new CosignSignatureSigner().SignAsync(new SigningRequest { Subject = s_subject, Image = s_image, Keys = provider, KeyId = provider.KeyId });
        var stored = await SignatureStore.PushAsync(repository, s_subject, artifact);
        var publicKey = VerificationKey.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem());
        var result = Assert.Single(await new CosignSignatureVerifier([new CosignTrustedKey(publicKey)]).VerifyAsync(Context(repository, stored)));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(publicKey.Fingerprint, result.Signer!.KeyId);
        Assert.Equal("cosign:" + publicKey.Fingerprint["sha256:".Length..], provider.KeyId);
    }

    private SigningRequest Request(string keyId) => new()
    {
        Subject = s_subject,
        Image = s_image,
        Keys = fixture.Keys.Vault,
        KeyId = keyId,
    };

    private async Task<CosignTrustedKey> TrustedAsync(string keyId)
    {
        var publicKey = await fixture.Keys.Vault.GetPublicKeyAsync(keyId);
        return new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo), keyId, publicKey.VersionId);
    }

    private static SignatureVerificationContext Context(IOciRepository repository, ManifestContent attachment) => new()
    {
        Subject = s_subject,
        Image = s_image,
        SignatureManifest = attachment,
        Repository = repository,
    };
}
