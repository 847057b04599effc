using System.Security.Cryptography;
using System.Text;
using Signet.Keys;

namespace Signet.UnitTests.Keys;

public sealed class EmbeddedKeyStoreSigningTests(EmbeddedKeysFixture fixture) : IClassFixture<EmbeddedKeysFixture>
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"sha256:00\"}}}");

    public static TheoryData<KeyType, string> FittingPairs()
    {
        var data = new TheoryData<KeyType, string>();
        foreach (var keyType in Enum.GetValues<KeyType>())
        {
            foreach (var algorithm in SigningAlgorithm.All.Where(a => keyType.Fits(a)))
            {
                data.Add(keyType, algorithm.Name);
            }
        }

        return data;
    }

    public static TheoryData<KeyType, string> MismatchedPairs()
    {
        var data = new TheoryData<KeyType, string>();
        foreach (var keyType in Enum.GetValues<KeyType>())
        {
            foreach (var algorithm in SigningAlgorithm.All.Where(a => !keyType.Fits(a)))
            {
                data.Add(keyType, algorithm.Name);
            }
        }

        return data;
    }

    [Fact]
    public void FittingPairs_CoverEveryKeyTypeAndAlgorithm()
    {
        var pairs = FittingPairs().Select(row => ((KeyType)row[0], (string)row[1])).ToList();
        Assert.Equal(3 * 8 + 3, pairs.Count);
        Assert.All(SigningAlgorithm.All, a => Assert.Contains(pairs, p => p.Item2 == a.Name));
    }

    [Theory]
    [MemberData(nameof(FittingPairs))]
    public async Task Sign_FittingAlgorithm_VerifiesWithPublicKeyAndFailsOnTamperedData(KeyType keyType, string algorithmName)
    {
        var algorithm = SigningAlgorithm.Parse(algorithmName);
        var name = EmbeddedKeysFixture.NameOf(keyType);

        var signature = await fixture.Keys.Store.SignAsync(name, null, algorithm, s_message);
        var publicKey = await fixture.Keys.Store.GetPublicKeyAsync(name);

        Assert.Equal("signet:" + name, signature.KeyId);
        Assert.Equal("v1", signature.VersionId);
        Assert.Equal(algorithm, signature.Algorithm);
        Assert.True(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, algorithm, s_message, signature.Signature));
        var tampered = s_message.ToArray();
        tampered[^2] ^= 1;
        Assert.False(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, algorithm, tampered, signature.Signature));
        if (!keyType.IsRsa())
        {
            Assert.Equal(2 * keyType.EcFieldSizeInBytes(), signature.Signature.Length);
        }
        else
        {
            Assert.Equal(keyType.KeySizeInBits() / 8, signature.Signature.Length);
        }
    }

    [Theory]
    [MemberData(nameof(FittingPairs))]
    public async Task SignDigest_PrecomputedDigest_VerifiesAsMessageSignature(KeyType keyType, string algorithmName)
    {
        var algorithm = SigningAlgorithm.Parse(algorithmName);
        var name = EmbeddedKeysFixture.NameOf(keyType);

        var signature = await fixture.Keys.Store.SignDigestAsync(name, null, algorithm, algorithm.HashData(s_message));
        var publicKey = await fixture.Keys.Store.GetPublicKeyAsync(name);

        Assert.True(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, algorithm, s_message, signature.Signature));
    }

    [Theory]
    [MemberData(nameof(MismatchedPairs))]
    public async Task Sign_AlgorithmNotFittingKeyType_ThrowsAlgorithmMismatchNamingKey(KeyType keyType, string algorithmName)
    {
        var name = EmbeddedKeysFixture.NameOf(keyType);

        var e = await Assert.ThrowsAsync<KeyProviderException>(() => fixture.Keys.Store.SignAsync(name, null, SigningAlgorithm.Parse(algorithmName), s_message));

        Assert.Equal(KeyErrorCode.AlgorithmMismatch, e.Code);
        Assert.Contains("signet:" + name, e.Message, StringComparison.Ordinal);
        Assert.Contains(algorithmName, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public async Task SignDigest_WrongDigestLength_ThrowsInvalidDigest(int length)
    {
        var e = await Assert.ThrowsAsync<KeyProviderException>(() =>
            fixture.Keys.Store.SignDigestAsync(EmbeddedKeysFixture.NameOf(KeyType.EcP256), null, SigningAlgorithm.EcdsaSha256, new byte[length]));

        Assert.Equal(KeyErrorCode.InvalidDigest, e.Code);
        Assert.Contains("32-byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_RsaPss_IsRandomizedButBothVerify()
    {
        var name = EmbeddedKeysFixture.NameOf(KeyType.Rsa2048);
        var a = await fixture.Keys.Store.SignAsync(name, null, SigningAlgorithm.RsaPssSha256, s_message);
        var b = await fixture.Keys.Store.SignAsync(name, null, SigningAlgorithm.RsaPssSha256, s_message);
        var spki = (await fixture.Keys.Store.GetPublicKeyAsync(name)).SubjectPublicKeyInfo;

        Assert.NotEqual(a.Signature, b.Signature);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(spki, out _);
        Assert.True(rsa.VerifyData(s_message, b.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public async Task ExportPublicKey_PemAndJwk_DescribeTheSameKey()
    {
        var rsaKey = await fixture.Keys.Store.GetPublicKeyAsync(EmbeddedKeysFixture.NameOf(KeyType.Rsa3072));
        var ecKey = await fixture.Keys.Store.GetPublicKeyAsync(EmbeddedKeysFixture.NameOf(KeyType.EcP521));

        using var rsa = RSA.Create();
        rsa.ImportFromPem(rsaKey.ToPem());
        Assert.Equal(rsaKey.SubjectPublicKeyInfo, rsa.ExportSubjectPublicKeyInfo());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", rsaKey.ToPem(), StringComparison.Ordinal);

        using var rsaJwk = System.Text.Json.JsonDocument.Parse(rsaKey.ToJwk());
        Assert.Equal("RSA", rsaJwk.RootElement.GetProperty("kty").GetString());
        Assert.Equal(rsa.ExportParameters(false).Modulus, Base64UrlDecode(rsaJwk.RootElement.GetProperty("n").GetString()!));
        Assert.Equal("signet:matrix-rsa3072#v1", rsaJwk.RootElement.GetProperty("kid").GetString());

        using var ecJwk = System.Text.Json.JsonDocument.Parse(ecKey.ToJwk());
        Assert.Equal("EC", ecJwk.RootElement.GetProperty("kty").GetString());
        Assert.Equal("P-521", ecJwk.RootElement.GetProperty("crv").GetString());
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP521,
            Q = new ECPoint
            {
                X = Base64UrlDecode(ecJwk.RootElement.GetProperty("x").GetString()!),
                Y = Base64UrlDecode(ecJwk.RootElement.GetProperty("y").GetString()!),
            },
        });
        Assert.Equal(ecKey.SubjectPublicKeyInfo, ecdsa.ExportSubjectPublicKeyInfo());
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
