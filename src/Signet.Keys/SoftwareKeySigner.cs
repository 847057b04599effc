using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Signet.Keys;

/// <summary>
/// Signs with a private key held in memory as PKCS#8 DER (the embedded store's decrypted key). The caller owns and zeroes
/// the PKCS#8 buffer.
/// </summary>
internal static class SoftwareKeySigner
{
    /// <summary>Generates a key pair of the type; returns PKCS#8 private key (caller zeroes it) and SubjectPublicKeyInfo.</summary>
    public static (byte[] Pkcs8, byte[] SubjectPublicKeyInfo) Generate(KeyType keyType)
    {
        if (keyType.IsRsa())
        {
            using var rsa = RSA.Create(keyType.KeySizeInBits());
            return (rsa.ExportPkcs8PrivateKey(), rsa.ExportSubjectPublicKeyInfo());
        }

        using var ecdsa = ECDsa.Create(keyType.Curve());
        return (ecdsa.ExportPkcs8PrivateKey(), ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Signs a digest; ECDSA signatures come out as IEEE P1363.</summary>
    public static byte[] SignDigest(ReadOnlySpan<byte> pkcs8, KeyType keyType, SigningAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        if (!keyType.IsRsa())
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return ecdsa.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        if (algorithm.HashSizeInBytes != 28)
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return rsa.SignHash(digest.ToArray(), algorithm.Hash, algorithm.RsaPadding);
        }

        // SHA-224: the platform refuses the hash name, so BouncyCastle pads and signs (see PublicKeyVerifier).
        var copy = pkcs8.ToArray();
        RsaPrivateCrtKeyParameters privateKey;
        try
        {
            privateKey = (RsaPrivateCrtKeyParameters)PrivateKeyFactory.CreateKey(copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }

        var signer = PublicKeyVerifier.Sha224RsaSigner(algorithm);
        signer.Init(forSigning: true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(digest);
        return signer.GenerateSignature();
    }
}
