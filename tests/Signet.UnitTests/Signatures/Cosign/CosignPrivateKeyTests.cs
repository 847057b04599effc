using System.Security.Cryptography;
using System.Text;
using Signet.Keys;
using Signet.Signatures.Cosign;

namespace Signet.UnitTests.Signatures.Cosign;

public sealed class CosignPrivateKeyTests
{
    [Fact]
    public void Encrypt_EcKey_DecryptsToSameKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var pem = CosignPrivateKey.Encrypt(key, "secret"u8, scryptN: 1024);
        using var decrypted = Assert.IsAssignableFrom<ECDsa>(CosignPrivateKey.Decrypt(pem, "secret"u8));

        Assert.StartsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), decrypted.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Encrypt_RsaKey_DecryptsToSameKey()
    {
        using var key = RSA.Create(2048);

        using var decrypted = Assert.IsAssignableFrom<RSA>(CosignPrivateKey.Decrypt(CosignPrivateKey.Encrypt(key, "secret"u8, scryptN: 1024), "secret"u8));

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), decrypted.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Decrypt_WrongPassword_WrongPassphrase()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = CosignPrivateKey.Encrypt(key, "secret"u8, scryptN: 1024);

        var error = Assert.Throws<KeyProviderException>(() => CosignPrivateKey.Decrypt(pem, "wrong"u8));

        Assert.Equal(KeyErrorCode.WrongPassphrase, error.Code);
    }

    [Fact]
    public void Decrypt_AlteredCiphertext_WrongPassphrase()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var json = Decode(CosignPrivateKey.Encrypt(key, "secret"u8, scryptN: 1024));
        var start = json.IndexOf("\"ciphertext\":\"", StringComparison.Ordinal) + 14;
        var altered = json[..start] + (json[start] == 'A' ? 'B' : 'A') + json[(start + 1)..];

        var error = Assert.Throws<KeyProviderException>(() => CosignPrivateKey.Decrypt(Encode(altered), "secret"u8));

        Assert.Equal(KeyErrorCode.WrongPassphrase, error.Code);
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "no pem here", "not PEM" },
        { "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "'PUBLIC KEY'" },
        { Encode("not json"), "JSON is malformed" },
        { Encode("{\"kdf\":{\"name\":\"argon2\"}}"), "only scrypt" },
        { Encode(Envelope(n: 1 << 24)), "out of range" },
        { Encode(Envelope(n: 1000)), "out of range" },
        { Encode(Envelope(nonce: "AAAA")), "nonce (3 bytes" },
        { Encode(Envelope(cipher: "aes-gcm")), "only nacl/secretbox" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Decrypt_MalformedFile_KeyFileCorrupt(string pem, string expected)
    {
        var error = Assert.Throws<KeyProviderException>(() => CosignPrivateKey.Decrypt(pem, "secret"u8));

        Assert.Equal(KeyErrorCode.KeyFileCorrupt, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypt_NonPowerOfTwoN_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentOutOfRangeException>(() => CosignPrivateKey.Encrypt(key, "x"u8, scryptN: 1000));
    }

    [Fact]
    public async Task KeyProvider_ReadOnlyOperations_Refused()
    {
        using var provider = new CosignKeyProvider(ECDsa.Create(ECCurve.NamedCurves.nistP256));

        var error = await Assert.ThrowsAsync<KeyProviderException>(() => provider.RotateKeyAsync(provider.KeyId));
        Assert.Equal(KeyErrorCode.ProviderError, error.Code);
        Assert.Equal(KeyErrorCode.VersionNotFound, (await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetPublicKeyAsync(provider.KeyId, "2"))).Code);
        Assert.Equal(KeyErrorCode.KeyNotFound, (await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync("other"))).Code);
        Assert.Equal(KeyErrorCode.AlgorithmMismatch, (await Assert.ThrowsAsync<KeyProviderException>(() => provider.SignAsync(provider.KeyId, null, SigningAlgorithm.RsaPssSha256, new byte[1]))).Code);
    }

    private static string Envelope(int n = 1024, string nonce = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", string cipher = "nacl/secretbox") =>
        "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":" + n + ",\"r\":8,\"p\":1},\"salt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"cipher\":{\"name\":\"" + cipher + "\",\"nonce\":\"" + nonce + "\"},\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}";

    private static string Encode(string json) => PemEncoding.WriteString(CosignPrivateKey.SigstoreLabel, Encoding.UTF8.GetBytes(json));

    private static string Decode(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Encoding.UTF8.GetString(Convert.FromBase64String(pem[fields.Base64Data]));
    }
}
