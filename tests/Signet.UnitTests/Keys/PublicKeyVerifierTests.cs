using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Signet.Keys;

namespace Signet.UnitTests.Keys;

public sealed class PublicKeyVerifierTests
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("hello signet");

    [Theory]
    [InlineData("SHA_256_RSA_PKCS_PSS")]
    [InlineData("SHA_384_RSA_PKCS_PSS")]
    [InlineData("SHA_512_RSA_PKCS_PSS")]
    [InlineData("SHA_256_RSA_PKCS1_V1_5")]
    [InlineData("SHA_384_RSA_PKCS1_V1_5")]
    [InlineData("SHA_512_RSA_PKCS1_V1_5")]
    public void Verify_PlatformRsaSignature_IsValid(string name)
    {
        var algorithm = SigningAlgorithm.Parse(name);
        using var rsa = RSA.Create(2048);

        var signature = rsa.SignData(s_message, algorithm.Hash, algorithm.RsaPadding);

        Assert.Equal(PublicKeyVerificationStatus.Valid, PublicKeyVerifier.Check(rsa.ExportSubjectPublicKeyInfo(), algorithm, s_message, signature));
    }

    [Theory]
    [InlineData("SHA_224_RSA_PKCS_PSS")]
    [InlineData("SHA_224_RSA_PKCS1_V1_5")]
    public void Verify_BouncyCastleSha224Signature_IsValid(string name)
    {
        var algorithm = SigningAlgorithm.Parse(name);
        using var rsa = RSA.Create(2048);
        var privateKey = PrivateKeyFactory.CreateKey(rsa.ExportPkcs8PrivateKey());
        Org.BouncyCastle.Crypto.ISigner signer = algorithm.Scheme == SignatureScheme.RsaPss
            ? new PssSigner(new RsaBlindedEngine(), new Sha224Digest(), 28)
            : new RsaDigestSigner(new Sha224Digest());
        signer.Init(true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(s_message, 0, s_message.Length);

        var signature = signer.GenerateSignature();

        Assert.True(PublicKeyVerifier.Verify(rsa.ExportSubjectPublicKeyInfo(), algorithm, s_message, signature));
        Assert.False(PublicKeyVerifier.Verify(rsa.ExportSubjectPublicKeyInfo(), algorithm, [.. s_message, 0], signature));
    }

    [Fact]
    public void Verify_PssWithOtherSaltLength_IsInvalid()
    {
        using var rsa = RSA.Create(2048);
        var privateKey = PrivateKeyFactory.CreateKey(rsa.ExportPkcs8PrivateKey());
        var signer = new PssSigner(new RsaBlindedEngine(), new Sha256Digest(), 20);
        signer.Init(true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(s_message, 0, s_message.Length);

        var signature = signer.GenerateSignature();

        Assert.False(PublicKeyVerifier.Verify(rsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.RsaPssSha256, s_message, signature));
    }

    [Theory]
    [InlineData("nistP256", "ECDSA_SHA_256")]
    [InlineData("nistP384", "ECDSA_SHA_384")]
    [InlineData("nistP521", "ECDSA_SHA_512")]
    public void Verify_EcdsaP1363_ValidAndDerFormIsInvalid(string curve, string name)
    {
        var algorithm = SigningAlgorithm.Parse(name);
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));

        var p1363 = ecdsa.SignData(s_message, algorithm.Hash);
        var der = ecdsa.SignData(s_message, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);

        Assert.True(PublicKeyVerifier.Verify(ecdsa.ExportSubjectPublicKeyInfo(), algorithm, s_message, p1363));
        Assert.False(PublicKeyVerifier.Verify(ecdsa.ExportSubjectPublicKeyInfo(), algorithm, s_message, der));
    }

    [Fact]
    public void Check_AlgorithmNotFittingKey_ReportsMismatch()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        Assert.Equal(PublicKeyVerificationStatus.AlgorithmMismatch, PublicKeyVerifier.Check(ecdsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.EcdsaSha256, s_message, new byte[96]));
        Assert.Equal(PublicKeyVerificationStatus.AlgorithmMismatch, PublicKeyVerifier.Check(ecdsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.RsaPssSha384, s_message, new byte[96]));
        Assert.Equal(PublicKeyVerificationStatus.AlgorithmMismatch, PublicKeyVerifier.Check(rsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.EcdsaSha256, s_message, new byte[256]));
    }

    [Fact]
    public void Check_UnsupportedOrMalformedKey_ReportsUnsupportedKey()
    {
        using var small = RSA.Create(1024);
        using var k1 = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));

        Assert.Equal(PublicKeyVerificationStatus.UnsupportedKey, PublicKeyVerifier.Check(small.ExportSubjectPublicKeyInfo(), SigningAlgorithm.RsaPssSha256, s_message, new byte[128]));
        Assert.Equal(PublicKeyVerificationStatus.UnsupportedKey, PublicKeyVerifier.Check(k1.ExportSubjectPublicKeyInfo(), SigningAlgorithm.EcdsaSha256, s_message, new byte[64]));
        Assert.Equal(PublicKeyVerificationStatus.UnsupportedKey, PublicKeyVerifier.Check([0x30, 0x03, 0x02, 0x01], SigningAlgorithm.EcdsaSha256, s_message, new byte[64]));
        Assert.Equal(PublicKeyVerificationStatus.UnsupportedKey, PublicKeyVerifier.Check([], SigningAlgorithm.EcdsaSha256, s_message, new byte[64]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(4096)]
    public void Check_RsaSignatureOfWrongLength_IsInvalidNotAnException(int length)
    {
        using var rsa = RSA.Create(2048);

        Assert.Equal(PublicKeyVerificationStatus.Invalid, PublicKeyVerifier.Check(rsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.RsaPkcs1Sha256, s_message, new byte[length]));
        Assert.Equal(PublicKeyVerificationStatus.Invalid, PublicKeyVerifier.Check(rsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.RsaPssSha224, s_message, Enumerable.Repeat((byte)0xff, length).ToArray()));
    }

    [Fact]
    public void CheckDigest_DigestOfWrongLength_IsInvalid()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var digest = SHA256.HashData(s_message);
        var signature = ecdsa.SignHash(digest);

        Assert.True(PublicKeyVerifier.VerifyDigest(ecdsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.EcdsaSha256, digest, signature));
        Assert.False(PublicKeyVerifier.VerifyDigest(ecdsa.ExportSubjectPublicKeyInfo(), SigningAlgorithm.EcdsaSha256, digest.AsSpan(0, 31), signature));
    }

    [Fact]
    public void Verify_SignatureOfOtherKey_IsInvalid()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var signature = signer.SignData(s_message, HashAlgorithmName.SHA256);

        Assert.False(PublicKeyVerifier.Verify(other.ExportSubjectPublicKeyInfo(), SigningAlgorithm.EcdsaSha256, s_message, signature));
    }

    [Fact]
    public void HashData_Sha224_MatchesKnownAnswer()
    {
        // FIPS 180-4 example "abc".
        Assert.Equal(
            "23097D223405D8228642A477BDA255B32AADBCE4BDA0B3F7E36C9DA7",
            Convert.ToHexString(SigningAlgorithm.RsaPssSha224.HashData("abc"u8)));
    }
}

public sealed class SigningAlgorithmTests
{
    [Theory]
    [InlineData("SHA_256_RSA_PKCS_PSS", "SHA_256_RSA_PKCS_PSS")]
    [InlineData("sha-384-rsa-pkcs1-v1-5", "SHA_384_RSA_PKCS1_V1_5")]
    [InlineData("PS512", "SHA_512_RSA_PKCS_PSS")]
    [InlineData("RS256", "SHA_256_RSA_PKCS1_V1_5")]
    [InlineData("ES384", "ECDSA_SHA_384")]
    [InlineData(" ECDSA_SHA_512 ", "ECDSA_SHA_512")]
    public void TryParse_OracleOrJwsName_FindsAlgorithm(string name, string expected)
    {
        Assert.True(SigningAlgorithm.TryParse(name, out var algorithm));
        Assert.Equal(expected, algorithm.Name);
    }

    [Theory]
    [InlineData("ps256")]
    [InlineData("SHA_1_RSA_PKCS_PSS")]
    [InlineData("HS256")]
    [InlineData("")]
    public void Parse_UnknownName_ThrowsListingValidNames(string name)
    {
        Assert.False(SigningAlgorithm.TryParse(name, out _));
        var e = Assert.Throws<ArgumentException>(() => SigningAlgorithm.Parse(name));
        Assert.Contains("ECDSA_SHA_256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JwsName_Sha224_IsNull()
    {
        Assert.Null(SigningAlgorithm.RsaPssSha224.JwsName);
        Assert.Equal("PS256", SigningAlgorithm.RsaPssSha256.JwsName);
    }
}
