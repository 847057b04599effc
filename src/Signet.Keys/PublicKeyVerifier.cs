using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Signet.Keys;

/// <summary>
/// Verifies a signature with a public key alone (DER SubjectPublicKeyInfo): RSA-PSS with salt length equal to the hash
/// length and MGF1 with the same hash, RSA PKCS#1 v1.5, ECDSA with IEEE P1363 <c>r||s</c> signatures. Needs no secret and
/// no key provider, so signature formats and offline verification reuse it.
/// </summary>
/// <remarks>
/// SHA-256/384/512 run on the platform's System.Security.Cryptography (OpenSSL on Linux); SHA-224 (Oracle's
/// <c>SHA_224_*</c>), which the platform lacks, runs on BouncyCastle. Malformed signatures are "invalid", never exceptions.
/// </remarks>
public static class PublicKeyVerifier
{
    /// <summary>True when <paramref name="signature"/> over the message <paramref name="data"/> verifies.</summary>
    public static bool Verify(ReadOnlySpan<byte> subjectPublicKeyInfo, SigningAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        Check(subjectPublicKeyInfo, algorithm, data, signature) == PublicKeyVerificationStatus.Valid;

    /// <summary>True when <paramref name="signature"/> over a digest computed by the caller verifies.</summary>
    public static bool VerifyDigest(ReadOnlySpan<byte> subjectPublicKeyInfo, SigningAlgorithm algorithm, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) =>
        CheckDigest(subjectPublicKeyInfo, algorithm, digest, signature) == PublicKeyVerificationStatus.Valid;

    /// <summary>Checks a signature over a message and says why it does not verify.</summary>
    public static PublicKeyVerificationStatus Check(ReadOnlySpan<byte> subjectPublicKeyInfo, SigningAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return CheckDigest(subjectPublicKeyInfo, algorithm, algorithm.HashData(data), signature);
    }

    /// <summary>Checks a signature over a digest computed by the caller and says why it does not verify.</summary>
    public static PublicKeyVerificationStatus CheckDigest(ReadOnlySpan<byte> subjectPublicKeyInfo, SigningAlgorithm algorithm, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (!KeyTypeExtensions.TryImport(subjectPublicKeyInfo, out var keyType, out var key))
        {
            return PublicKeyVerificationStatus.UnsupportedKey;
        }

        using (key)
        {
            if (!keyType.Fits(algorithm))
            {
                return PublicKeyVerificationStatus.AlgorithmMismatch;
            }

            if (digest.Length != algorithm.HashSizeInBytes || signature.IsEmpty)
            {
                return PublicKeyVerificationStatus.Invalid;
            }

            try
            {
                return VerifyCore(subjectPublicKeyInfo, key, algorithm, digest, signature)
                    ? PublicKeyVerificationStatus.Valid
                    : PublicKeyVerificationStatus.Invalid;
            }
            catch (Exception e) when (e is CryptographicException or Org.BouncyCastle.Crypto.CryptoException)
            {
                // A signature of the wrong length or out of range is a bad signature, not a machine failure.
                return PublicKeyVerificationStatus.Invalid;
            }
        }
    }

    private static bool VerifyCore(ReadOnlySpan<byte> spki, AsymmetricAlgorithm key, SigningAlgorithm algorithm, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (key is ECDsa ecdsa)
        {
            return ecdsa.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        if (algorithm.HashSizeInBytes != 28)
        {
            return ((RSA)key).VerifyHash(digest, signature, algorithm.Hash, algorithm.RsaPadding);
        }

        var publicKey = (RsaKeyParameters)PublicKeyFactory.CreateKey(spki.ToArray());
        var verifier = Sha224RsaSigner(algorithm);
        verifier.Init(forSigning: false, publicKey);
        verifier.BlockUpdate(digest);
        return verifier.VerifySignature(signature.ToArray());
    }

    /// <summary>
    /// A BouncyCastle signer for RSA over a SHA-224 digest the caller computed: PSS with MGF1-SHA-224 and salt length 28,
    /// or PKCS#1 v1.5 with the SHA-224 DigestInfo.
    /// </summary>
    internal static Org.BouncyCastle.Crypto.ISigner Sha224RsaSigner(SigningAlgorithm algorithm) =>
        algorithm.Scheme == SignatureScheme.RsaPss
            ? PssSigner.CreateRawSigner(new RsaBlindedEngine(), new Sha224Digest())
            : new RsaDigestSigner(new NullDigest(), Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha224);
}
