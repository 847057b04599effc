using System.Security.Cryptography;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Testing;
using Signet.Testing.Signatures;

namespace Signet.ConformanceTests.Cosign;

/// <summary>
/// cosign's key files (shared/vectors/cosign/README.md): the encrypted private keys decrypt with <c>hello</c> exactly
/// when cosign's <c>LoadPrivateKey</c> accepts them, and the public keys load.
/// </summary>
public sealed class CosignKeyVectorTests
{
    private const string Keys = "cosign/pkg/cosign/keys_test_extracted";

    [Theory]
    [InlineData("pemcosignkey.pem")]
    [InlineData("pemsigstorekey.pem")]
    public void Decrypt_LoadableKey_IsEcP256(string file)
    {
        using var key = CosignPrivateKey.Decrypt(File.ReadAllText(TestVectors.Path($"{Keys}/{file}")), "hello"u8);

        var ecdsa = Assert.IsAssignableFrom<ECDsa>(key);
        Assert.Equal(256, ecdsa.KeySize);
        Assert.Equal(138, ecdsa.ExportPkcs8PrivateKey().Length);
    }

    [Fact]
    public void Decrypt_Sec1Content_RefusedAsCosignDoes()
    {
        var error = Assert.Throws<KeyProviderException>(() => CosignPrivateKey.Decrypt(File.ReadAllText(TestVectors.Path($"{Keys}/pemcosigneckey.pem")), "hello"u8));

        Assert.Equal(KeyErrorCode.KeyFileCorrupt, error.Code);
        Assert.Contains("PKCS#8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pemcosignkey.pem")]
    [InlineData("pemsigstorekey.pem")]
    [InlineData("pemcosigneckey.pem")]
    public void Decrypt_WrongPassword_WrongPassphrase(string file)
    {
        var error = Assert.Throws<KeyProviderException>(() => CosignPrivateKey.Decrypt(File.ReadAllText(TestVectors.Path($"{Keys}/{file}")), "goodbye"u8));

        Assert.Equal(KeyErrorCode.WrongPassphrase, error.Code);
    }

    [Theory]
    [InlineData("cosign/.github/workflows/cosign-test.pub")]
    [InlineData("cosign/release/release-cosign.pub")]
    public void FromPem_CosignPublicKeys_LoadAsP256(string path)
    {
        using var key = VerificationKey.FromPem(File.ReadAllText(TestVectors.Path(path)));

        Assert.False(key.IsRsa);
        Assert.Equal(256, key.KeySizeInBits);
    }

    [Fact]
    public async Task Sign_SigstoreKeyFile_VerifiesWithItsPublicKey()
    {
        using var provider = CosignKeyProvider.FromEncryptedPem(File.ReadAllText(TestVectors.Path($"{Keys}/pemsigstorekey.pem")), "hello"u8);
        var subject = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2}"u8);
        var image = ImageReference.Parse("registry.example/app:v1");
        var repository = new MemoryOciRepository();

        var artifact = await new CosignSignatureSigner().SignAsync(new SigningRequest { Subject = subject, Image = image, Keys = provider, KeyId = provider.KeyId });
        var stored = await SignatureStore.PushAsync(repository, subject, artifact);
        var publicKey = await provider.GetPublicKeyAsync(provider.KeyId);
        var verifier = new CosignSignatureVerifier([new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo))]);
        var result = Assert.Single(await verifier.VerifyAsync(new SignatureVerificationContext { Subject = subject, Image = image, SignatureManifest = stored, Repository = repository }));

        Assert.True(result.IsValid, result.Message);
    }
}
