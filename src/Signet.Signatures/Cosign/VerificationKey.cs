using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Keys;

namespace Signet.Signatures.Cosign;

/// <summary>
/// A trusted public key (SubjectPublicKeyInfo, RSA or NIST ECDSA) that checks signatures made by a bare key: cosign
/// key pairs, vault key versions. Imported once and reused; ECDSA signatures are checked in ASN.1 DER form.
/// </summary>
/// <remarks>
/// Verification on one instance is safe from several threads: the key is never changed after import, and the BCL's
/// OpenSSL-backed verify operations only read it. SHA-224 (Oracle's <c>SHA_224_*</c>), which the BCL does not offer,
/// is checked by <see cref="PublicKeyVerifier"/> (BouncyCastle).
/// </remarks>
public sealed class VerificationKey : IDisposable
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";

    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[] _spki;

    private VerificationKey(byte[] spki, RSA? rsa, ECDsa? ecdsa, int keySize)
    {
        _spki = spki;
        _rsa = rsa;
        _ecdsa = ecdsa;
        KeySizeInBits = keySize;
        Fingerprint = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(spki));
    }

    /// <summary>The key's id when it has no other: <c>sha256:</c> and the lower-case hex SHA-256 of its SubjectPublicKeyInfo DER.</summary>
    public string Fingerprint { get; }

    /// <summary>True for an RSA key, false for an ECDSA key.</summary>
    public bool IsRsa => _rsa is not null;

    /// <summary>The RSA modulus size or the EC field size, in bits.</summary>
    public int KeySizeInBits { get; }

    /// <summary>The SubjectPublicKeyInfo DER the key was read from.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo => _spki;

    /// <summary>
    /// Reads a PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo), the form <c>cosign generate-key-pair</c> writes.
    /// Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static VerificationKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new FormatException("The public key is not PEM: expected a '-----BEGIN PUBLIC KEY-----' block.");
        }

        var label = pem[fields.Label];
        if (!string.Equals(label, "PUBLIC KEY", StringComparison.Ordinal))
        {
            throw new FormatException($"The PEM block is '{label}'; a public key must be 'PUBLIC KEY' (SubjectPublicKeyInfo).");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64String(pem[fields.Base64Data].ToString(), der, out var written))
        {
            throw new FormatException("The PUBLIC KEY block is not valid base64.");
        }

        return FromSubjectPublicKeyInfo(der.AsSpan(0, written));
    }

    /// <summary>Reads a DER SubjectPublicKeyInfo; throws <see cref="FormatException"/> for malformed or unsupported keys.</summary>
    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var spki = subjectPublicKeyInfo.ToArray();
        string oid;
        try
        {
            var reader = new AsnReader(spki, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            oid = sequence.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException ex)
        {
            throw new FormatException($"The public key is not a DER SubjectPublicKeyInfo: {ex.Message}", ex);
        }

        try
        {
            switch (oid)
            {
                case RsaOid:
                    var rsa = RSA.Create();
                    rsa.ImportSubjectPublicKeyInfo(spki, out var rsaRead);
                    if (rsaRead != spki.Length || rsa.KeySize < 2048)
                    {
                        var size = rsa.KeySize;
                        rsa.Dispose();
                        throw new FormatException(rsaRead != spki.Length
                            ? "The RSA public key has trailing data."
                            : $"The RSA public key is {size} bits; at least 2048 bits are required.");
                    }

                    return new VerificationKey(spki, rsa, null, rsa.KeySize);
                case EcOid:
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportSubjectPublicKeyInfo(spki, out var ecRead);
                    var curve = ecdsa.ExportParameters(false).Curve;
                    if (ecRead != spki.Length || !curve.IsNamed || curve.Oid.Value is not ("1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35"))
                    {
                        ecdsa.Dispose();
                        throw new FormatException("The EC public key must be on NIST P-256, P-384 or P-521.");
                    }

                    return new VerificationKey(spki, null, ecdsa, ecdsa.KeySize);
                case Ed25519Oid:
                    throw new FormatException("Ed25519 public keys are not supported; use an ECDSA P-256 or RSA key.");
                default:
                    throw new FormatException($"The public key algorithm {oid} is not supported; use an ECDSA (P-256, P-384, P-521) or RSA key.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"The public key cannot be imported: {ex.Message}", ex);
        }
    }

    /// <summary>True when <paramref name="algorithm"/> can be used with this key (RSA schemes for RSA keys, ECDSA for EC keys).</summary>
    public bool IsCompatible(SigningAlgorithm algorithm) =>
        algorithm is not null && (IsRsa ? algorithm.IsRsa : algorithm.Scheme == SignatureScheme.Ecdsa);

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="data"/>; false for a wrong, malformed or mismatched
    /// signature (never throws for bad signature bytes). ECDSA signatures must be ASN.1 DER.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, SigningAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (!IsCompatible(algorithm) || signature.IsEmpty)
        {
            return false;
        }

        try
        {
            if (algorithm.HashSizeInBytes == 28)
            {
                return PublicKeyVerifier.Verify(_spki, algorithm, data, signature);
            }

            return _rsa is not null
                ? _rsa.VerifyData(data, signature, algorithm.Hash, algorithm.RsaPadding)
                : _ecdsa!.VerifyData(data, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            // Malformed signature bytes are a failed verification, not a machine failure.
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
    }
}
