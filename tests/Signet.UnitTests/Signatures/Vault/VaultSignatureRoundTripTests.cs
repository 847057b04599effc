using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Vault;
using Signet.Testing.Signatures;
using Signet.UnitTests.Keys;

namespace Signet.UnitTests.Signatures.Vault;

public sealed class VaultSignatureRoundTripTests(EmbeddedKeysFixture fixture) : IClassFixture<EmbeddedKeysFixture>
{
    private static readonly ImageReference s_image = ImageReference.Parse("registry.example/team/app:v1");
    private static readonly Descriptor s_subject = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2,\"layers\":[]}"u8);

    public static TheoryData<KeyType, string> EveryAlgorithm()
    {
        var data = new TheoryData<KeyType, string>();
        foreach (var keyType in Enum.GetValues<KeyType>())
        {
            foreach (var algorithm in keyType.Algorithms())
            {
                data.Add(keyType, algorithm.Name);
            }
        }

        return data;
    }

    [Fact]
    public void EveryAlgorithm_CoversOraclesFourAndSignetsExtensions()
    {
        var names = EveryAlgorithm().Select(row => (string)row[1]).ToHashSet();

        Assert.Equal(SigningAlgorithm.All.Select(a => a.Name).ToHashSet(), names);
    }

    [Theory]
    [MemberData(nameof(EveryAlgorithm))]
    public async Task Sign_EveryAlgorithm_VerifiesAsReferrer(KeyType keyType, string algorithmName)
    {
        var algorithm = SigningAlgorithm.Parse(algorithmName);
        var keyId = "signet:" + EmbeddedKeysFixture.NameOf(keyType);
        var repository = new MemoryOciRepository();

        var artifact = await new VaultSignatureSigner().SignAsync(new SigningRequest
        {
            Subject = s_subject,
            Image = s_image,
            Keys = fixture.Keys.Vault,
            KeyId = keyId,
            Algorithm = algorithm,
            Description = "release build",
            Metadata = new Dictionary<string, string> { ["build"] = "42" },
        });
        await SignatureStore.PushAsync(repository, s_subject, artifact);
        var referrer = Assert.Single(await repository.ListReferrersAsync(s_subject.Digest, VaultSignatureArtifact.ArtifactType).ToListAsync());
        var verifier = new VaultSignatureVerifier([new TrustedVaultKey(keyId)], fixture.Keys.Vault);
        var manifest = await repository.FetchManifestAsync(referrer.Digest.ToString());
        var result = Assert.Single(await verifier.VerifyAsync(new SignatureVerificationContext { Subject = s_subject, Image = s_image, SignatureManifest = manifest, Repository = repository }));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(algorithmName, result.Algorithm);
        Assert.Equal(keyId, result.Signer!.KeyId);
        Assert.Equal("v1", result.Signer.KeyVersion);
        Assert.Equal(["integrity", "authenticity", "subject"], result.PassedChecks);
        Assert.Equal(AttachmentKind.Referrer, artifact.Attachment);
        Assert.Equal(keyId, referrer.Annotations![VaultSignatureArtifact.KeyIdAnnotation]);
        Assert.Equal("v1", referrer.Annotations[VaultSignatureArtifact.KeyVersionAnnotation]);
        Assert.Equal(algorithmName, referrer.Annotations[VaultSignatureArtifact.AlgorithmAnnotation]);
        Assert.True(VaultSignatureMessage.TryParse(artifact.Blobs[1].Content.Span, out var message, out _));
        Assert.Equal(s_subject.Digest.ToString(), message.ImageDigest);
        Assert.Equal("team/app", message.RepositoryName);
        Assert.Equal("local", message.Region);
        Assert.Equal("release build", message.Description);
        Assert.Equal("{\"build\":\"42\"}", message.Metadata);
        Assert.Equal(algorithmName, message.SigningAlgorithm);
    }

    [Fact]
    public async Task Sign_RsaKeyWithoutAlgorithm_UsesOraclesPss256()
    {
        var artifact = await new VaultSignatureSigner(new VaultSignerOptions { Region = "eu-frankfurt-1" }).SignAsync(new SigningRequest
        {
            Subject = s_subject,
            Image = s_image,
            Keys = fixture.Keys.Vault,
            KeyId = "signet:" + EmbeddedKeysFixture.NameOf(KeyType.Rsa3072),
        });

        Assert.Equal("SHA_256_RSA_PKCS_PSS", artifact.Algorithm);
        Assert.True(VaultSignatureMessage.TryParse(artifact.Blobs[1].Content.Span, out var message, out _));
        Assert.Equal("eu-frankfurt-1", message.Region);
    }

    [Fact]
    public async Task Sign_AlgorithmNotFittingKey_ThrowsArgumentException()
    {
        var request = new SigningRequest
        {
            Subject = s_subject,
            Image = s_image,
            Keys = fixture.Keys.Vault,
            KeyId = "signet:" + EmbeddedKeysFixture.NameOf(KeyType.EcP256),
            Algorithm = SigningAlgorithm.RsaPssSha256,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new VaultSignatureSigner().SignAsync(request));
        Assert.Contains("ECDSA_SHA_256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_BadMetadataKey_ThrowsArgumentException()
    {
        var request = new SigningRequest
        {
            Subject = s_subject,
            Image = s_image,
            Keys = fixture.Keys.Vault,
            KeyId = "signet:" + EmbeddedKeysFixture.NameOf(KeyType.EcP256),
            Metadata = new Dictionary<string, string> { ["not ok"] = "x" },
        };

        await Assert.ThrowsAsync<ArgumentException>(() => new VaultSignatureSigner().SignAsync(request));
    }
}
