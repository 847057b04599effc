using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Signet.Keys;

/// <summary>Facts about <see cref="KeyType"/> values that backends and signature formats share.</summary>
public static class KeyTypeExtensions
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";
    private const string P521Oid = "1.3.132.0.35";

    /// <summary>True for the RSA key types.</summary>
    public static bool IsRsa(this KeyType keyType) => keyType is KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096;

    /// <summary>The RSA modulus size or the EC curve's field size, in bits.</summary>
    public static int KeySizeInBits(this KeyType keyType) => keyType switch
    {
        KeyType.Rsa2048 => 2048,
        KeyType.Rsa3072 => 3072,
        KeyType.Rsa4096 => 4096,
        KeyType.EcP256 => 256,
        KeyType.EcP384 => 384,
        KeyType.EcP521 => 521,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    /// <summary>The named curve of an EC key type.</summary>
    public static ECCurve Curve(this KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => ECCurve.NamedCurves.nistP256,
        KeyType.EcP384 => ECCurve.NamedCurves.nistP384,
        KeyType.EcP521 => ECCurve.NamedCurves.nistP521,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Not an EC key type."),
    };

    /// <summary>The size of one of <c>r</c>, <c>s</c> in an IEEE P1363 ECDSA signature (32, 48 or 66 bytes).</summary>
    public static int EcFieldSizeInBytes(this KeyType keyType) => keyType.IsRsa()
        ? throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Not an EC key type.")
        : (keyType.KeySizeInBits() + 7) / 8;

    /// <summary>
    /// True when <paramref name="algorithm"/> can be used with the key type: RSA keys take every RSA algorithm; EC keys
    /// take the ECDSA algorithm whose hash matches the curve (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), the pairing
    /// OCI Vault, Notary Project and JWS (ES256/ES384/ES512) use.
    /// </summary>
    public static bool Fits(this KeyType keyType, SigningAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return keyType switch
        {
            KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096 => algorithm.IsRsa,
            KeyType.EcP256 => algorithm.Equals(SigningAlgorithm.EcdsaSha256),
            KeyType.EcP384 => algorithm.Equals(SigningAlgorithm.EcdsaSha384),
            KeyType.EcP521 => algorithm.Equals(SigningAlgorithm.EcdsaSha512),
            _ => false,
        };
    }

    /// <summary>The algorithms that fit the key type, in <see cref="SigningAlgorithm.All"/> order.</summary>
    public static IReadOnlyList<SigningAlgorithm> Algorithms(this KeyType keyType) =>
        SigningAlgorithm.All.Where(a => keyType.Fits(a)).ToArray();

    /// <summary>
    /// The default algorithm: RSA-PSS with SHA-256/384/512 for RSA 2048/3072/4096 and the curve's ECDSA algorithm — the
    /// Notary Project's choice for each key size.
    /// </summary>
    public static SigningAlgorithm DefaultAlgorithm(this KeyType keyType) => keyType switch
    {
        KeyType.Rsa2048 => SigningAlgorithm.RsaPssSha256,
        KeyType.Rsa3072 => SigningAlgorithm.RsaPssSha384,
        KeyType.Rsa4096 => SigningAlgorithm.RsaPssSha512,
        KeyType.EcP256 => SigningAlgorithm.EcdsaSha256,
        KeyType.EcP384 => SigningAlgorithm.EcdsaSha384,
        KeyType.EcP521 => SigningAlgorithm.EcdsaSha512,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    /// <summary>
    /// Reads the key type of a DER SubjectPublicKeyInfo; false for malformed input and for keys outside Signet's
    /// set (RSA sizes other than 2048/3072/4096, curves other than P-256/384/521).
    /// </summary>
    public static bool TryGetKeyType(ReadOnlySpan<byte> subjectPublicKeyInfo, out KeyType keyType)
    {
        if (!TryImport(subjectPublicKeyInfo, out keyType, out var key))
        {
            return false;
        }

        key.Dispose();
        return true;
    }

    /// <summary>
    /// Imports a SubjectPublicKeyInfo of a supported key (an <see cref="RSA"/> or <see cref="ECDsa"/> the caller
    /// disposes), so that checking the type and verifying cost one import.
    /// </summary>
    internal static bool TryImport(ReadOnlySpan<byte> subjectPublicKeyInfo, out KeyType keyType, [NotNullWhen(true)] out AsymmetricAlgorithm? key)
    {
        keyType = default;
        key = null;
        try
        {
            var reader = new AsnReader(subjectPublicKeyInfo.ToArray(), AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithmId = spki.ReadSequence();
            var oid = algorithmId.ReadObjectIdentifier();
            if (oid == RsaOid)
            {
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                    KeyType? rsaType = rsa.KeySize switch
                    {
                        2048 => KeyType.Rsa2048,
                        3072 => KeyType.Rsa3072,
                        4096 => KeyType.Rsa4096,
                        _ => null,
                    };
                    if (rsaType is null)
                    {
                        rsa.Dispose();
                        return false;
                    }

                    (keyType, key) = (rsaType.Value, rsa);
                    return true;
                }
                catch
                {
                    rsa.Dispose();
                    throw;
                }
            }

            if (oid == EcPublicKeyOid && algorithmId.HasData && algorithmId.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                KeyType? ecType = algorithmId.ReadObjectIdentifier() switch
                {
                    P256Oid => KeyType.EcP256,
                    P384Oid => KeyType.EcP384,
                    P521Oid => KeyType.EcP521,
                    _ => null,
                };
                if (ecType is null)
                {
                    return false;
                }

                // Importing checks the point is on the curve, not just that the header names one.
                var ecdsa = ECDsa.Create();
                try
                {
                    ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                }
                catch
                {
                    ecdsa.Dispose();
                    throw;
                }

                (keyType, key) = (ecType.Value, ecdsa);
                return true;
            }

            return false;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }
}
