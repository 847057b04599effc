using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Signatures.Vault;
using Signet.Testing.Registry;
using Signet.Testing.Signatures;

namespace Signet.IntegrationTests.Signatures;

/// <summary>
/// cosign and vault-key signatures written to and read back from a real docker-registry 2.8 on 127.0.0.1 (no referrers
/// API there, so vault signatures go through the tag-schema fallback), with keys from the real embedded key store.
/// </summary>
public sealed class SignatureRegistryRoundTripTests(RegistryFixture registry, SignatureKeysFixture keys)
    : IClassFixture<RegistryFixture>, IClassFixture<SignatureKeysFixture>
{
    public static TheoryData<KeyType, string> VaultAlgorithms()
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

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.Rsa2048)]
    [InlineData(KeyType.Rsa4096)]
    public async Task Cosign_SignTwiceAndVerify_ThroughSigTagOnRegistry(KeyType keyType)
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository, "v1");
        var reference = ImageReference.Parse($"{registry.Host}/{repository.Repository}:v1");
        var keyId = SignatureKeysFixture.IdOf(keyType);
        var otherKeyId = SignatureKeysFixture.IdOf(keyType == KeyType.EcP256 ? KeyType.Rsa2048 : KeyType.EcP256);

        await SignatureStore.PushAsync(repository, image.Descriptor, await new CosignSignatureSigner().SignAsync(Request(image.Descriptor, reference, otherKeyId)));
        var pushed = await SignatureStore.PushAsync(repository, image.Descriptor, await new CosignSignatureSigner().SignAsync(Request(image.Descriptor, reference, keyId)));
        var fetched = await repository.FetchManifestAsync(CosignAttachment.TagFor(image.Digest));
        var verifier = new CosignSignatureVerifier([await TrustedCosignKeyAsync(keyId)], new CosignVerifierOptions { IdentityMatch = CosignIdentityMatch.MatchRepository });
        var results = await verifier.VerifyAsync(Context(repository, image.Descriptor, reference, fetched));

        Assert.Equal(pushed.Bytes.ToArray(), fetched.Bytes.ToArray());
        Assert.Equal(2, fetched.Manifest!.Layers.Count);
        Assert.Equal([SignetErrorCode.SignatureInvalid, SignatureVerificationResult.Verified], results.Select(r => r.Code));
    }

    [Theory]
    [MemberData(nameof(VaultAlgorithms))]
    public async Task Vault_EveryAlgorithm_DiscoveredAsReferrerAndVerified(KeyType keyType, string algorithm)
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository, "v1");
        var reference = ImageReference.Parse($"{registry.Host}/{repository.Repository}:v1");
        var keyId = SignatureKeysFixture.IdOf(keyType);

        var artifact = await new VaultSignatureSigner().SignAsync(Request(image.Descriptor, reference, keyId) with { Algorithm = SigningAlgorithm.Parse(algorithm) });
        await SignatureStore.PushAsync(repository, image.Descriptor, artifact);
        var referrer = Assert.Single(await repository.ListReferrersAsync(image.Digest, VaultSignatureArtifact.ArtifactType).ToListAsync());
        var fetched = await repository.FetchManifestAsync(referrer.Digest.ToString());
        var verifier = new VaultSignatureVerifier([new TrustedVaultKey(keyId)], keys.Keys.Vault);
        var result = Assert.Single(await verifier.VerifyAsync(Context(repository, image.Descriptor, reference, fetched)));

        Assert.Equal(keyId, referrer.Annotations![VaultSignatureArtifact.KeyIdAnnotation]);
        Assert.Equal(algorithm, referrer.Annotations[VaultSignatureArtifact.AlgorithmAnnotation]);
        Assert.Equal(artifact.Manifest.Bytes.ToArray(), fetched.Bytes.ToArray());
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(algorithm, result.Algorithm);
    }

    [Fact]
    public async Task Vault_SignatureCopiedToAnotherImage_SubjectMismatch()
    {
        var repository = registry.Repository();
        var signed = await SampleImages.PushAsync(repository, "v1");
        var other = await SampleImages.PushAsync(repository, "v2");
        var reference = ImageReference.Parse($"{registry.Host}/{repository.Repository}:v1");
        var keyId = SignatureKeysFixture.IdOf(KeyType.EcP256);
        var artifact = await new VaultSignatureSigner().SignAsync(Request(signed.Descriptor, reference, keyId));

        // The attacker re-pushes the genuine message and signature with the other image as subject.
        var copy = ManifestContent.Create(artifact.Manifest.Manifest! with { Subject = other.Descriptor });
        foreach (var blob in artifact.Blobs)
        {
            await repository.PushBlobAsync(blob.Descriptor, blob.Content);
        }

        await repository.PushManifestAsync(copy);
        var referrer = Assert.Single(await repository.ListReferrersAsync(other.Digest, VaultSignatureArtifact.ArtifactType).ToListAsync());
        var verifier = new VaultSignatureVerifier([new TrustedVaultKey(keyId)], keys.Keys.Vault);
        var result = Assert.Single(await verifier.VerifyAsync(Context(repository, other.Descriptor, reference.WithTag("v2"), await repository.FetchManifestAsync(referrer.Digest.ToString()))));

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
    }

    private SigningRequest Request(Descriptor subject, ImageReference image, string keyId) => new()
    {
        Subject = subject,
        Image = image,
        Keys = keys.Keys.Vault,
        KeyId = keyId,
    };

    private async Task<CosignTrustedKey> TrustedCosignKeyAsync(string keyId)
    {
        var publicKey = await keys.Keys.Vault.GetPublicKeyAsync(keyId);
        return new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo), keyId, publicKey.VersionId);
    }

    private static SignatureVerificationContext Context(IOciRepository repository, Descriptor subject, ImageReference image, ManifestContent signature) => new()
    {
        Subject = subject,
        Image = image,
        SignatureManifest = signature,
        Repository = repository,
    };
}
