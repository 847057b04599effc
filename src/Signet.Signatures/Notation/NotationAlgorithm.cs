using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Keys;

namespace Signet.Signatures.Notation;

/// <summary>
/// A Notary Project signature algorithm: RSASSA-PSS or ECDSA over SHA-2, each tied to exactly one key size.
/// </summary>
/// <remarks>
/// Notary Project signature specification, "Signature Algorithm Requirements", as enforced by
/// notation-core-go <c>internal/algorithm/algorithm.go</c>: the leaf key decides (RSA 2048/3072/4096 → PS256/384/512,
/// P-256/P-384/P-521 → ES256/384/512); any other size or curve is unsupported.
/// </remarks>
public sealed class NotationAlgorithm
{
    private NotationAlgorithm(string name, int coseLabel, SigningAlgorithm signingAlgorithm, int keySize, bool isRsa)
    {
        Name = name;
        CoseLabel = coseLabel;
        SigningAlgorithm = signingAlgorithm;
        KeySize = keySize;
        IsRsa = isRsa;
    }

    /// <summary>RSASSA-PSS with SHA-256, RSA 2048-bit keys.</summary>
    public static NotationAlgorithm PS256 { get; } = new("PS256", -37, SigningAlgorithm.RsaPssSha256, 2048, isRsa: true);

    /// <summary>RSASSA-PSS with SHA-384, RSA 3072-bit keys.</summary>
    public static NotationAlgorithm PS384 { get; } = new("PS384", -38, SigningAlgorithm.RsaPssSha384, 3072, isRsa: true);

    /// <summary>RSASSA-PSS with SHA-512, RSA 4096-bit keys.</summary>
    public static NotationAlgorithm PS512 { get; } = new("PS512", -39, SigningAlgorithm.RsaPssSha512, 4096, isRsa: true);

    /// <summary>ECDSA with SHA-256, P-256 keys.</summary>
    public static NotationAlgorithm ES256 { get; } = new("ES256", -7, SigningAlgorithm.EcdsaSha256, 256, isRsa: false);

    /// <summary>ECDSA with SHA-384, P-384 keys.</summary>
    public static NotationAlgorithm ES384 { get; } = new("ES384", -35, SigningAlgorithm.EcdsaSha384, 384, isRsa: false);

    /// <summary>ECDSA with SHA-512, P-521 keys.</summary>
    public static NotationAlgorithm ES512 { get; } = new("ES512", -36, SigningAlgorithm.EcdsaSha512, 521, isRsa: false);

    /// <summary>Every supported algorithm.</summary>
    public static IReadOnlyList<NotationAlgorithm> All { get; } = [PS256, PS384, PS512, ES256, ES384, ES512];

    /// <summary>The JWS <c>alg</c> name (<c>PS256</c>).</summary>
    public string Name { get; }

    /// <summary>The COSE algorithm label (<c>-37</c> for PS256).</summary>
    public int CoseLabel { get; }

    /// <summary>The key vault algorithm that produces these signatures.</summary>
    public SigningAlgorithm SigningAlgorithm { get; }

    /// <summary>The exact RSA modulus size or EC curve size in bits.</summary>
    public int KeySize { get; }

    /// <summary>True for RSASSA-PSS, false for ECDSA.</summary>
    public bool IsRsa { get; }

    /// <summary>The digest algorithm (also the RFC 3161 message imprint hash of a timestamp over the signature).</summary>
    public HashAlgorithmName Hash => SigningAlgorithm.Hash;

    /// <summary>Finds an algorithm by its JWS name (case-sensitive, as the spec writes it).</summary>
    public static NotationAlgorithm? FromName(string? name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>Finds an algorithm by its COSE label.</summary>
    public static NotationAlgorithm? FromCoseLabel(long label) => All.FirstOrDefault(a => a.CoseLabel == label);

    /// <summary>
    /// The algorithm a certificate's public key dictates, or null (with the reason) when the key type or size is not
    /// one of the six the specification allows.
    /// </summary>
    public static NotationAlgorithm? FromCertificate(X509Certificate2 certificate, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        reason = null;
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                var found = All.FirstOrDefault(a => a.IsRsa && a.KeySize == rsa.KeySize);
                reason = found is null ? $"RSA {rsa.KeySize}-bit keys are not supported; use 2048, 3072 or 4096 bits" : null;
                return found;
            }
        }

        using (var ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                var oid = ec.ExportParameters(false).Curve.Oid;
                var size = (oid.Value ?? oid.FriendlyName) switch
                {
                    "1.2.840.10045.3.1.7" or "nistP256" or "ECDSA_P256" => 256,
                    "1.3.132.0.34" or "nistP384" or "ECDSA_P384" => 384,
                    "1.3.132.0.35" or "nistP521" or "ECDSA_P521" => 521,
                    _ => 0,
                };
                var found = All.FirstOrDefault(a => !a.IsRsa && a.KeySize == size);
                reason = found is null ? $"the EC curve '{oid.FriendlyName ?? oid.Value}' is not supported; use P-256, P-384 or P-521" : null;
                return found;
            }
        }

        reason = $"the key algorithm '{certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}' is not supported; use RSA or ECDSA";
        return null;
    }

    /// <summary>
    /// Verifies a primitive signature (RSASSA-PSS with salt = hash length, or ECDSA <c>r||s</c>) over
    /// <paramref name="data"/> with the certificate's public key. Returns false for a key of another type.
    /// </summary>
    public bool Verify(X509Certificate2 certificate, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (IsRsa)
        {
            using var rsa = certificate.GetRSAPublicKey();
            return rsa is not null && signature.Length == rsa.KeySize / 8 && rsa.VerifyData(data, signature, Hash, RSASignaturePadding.Pss);
        }

        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null && signature.Length == 2 * ((ec.KeySize + 7) / 8)
            && ec.VerifyData(data, signature, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Verifies a primitive signature with a public key (RSA for PS*, ECDSA for ES*); false for any other key.</summary>
    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => publicKey switch
    {
        RSA rsa when IsRsa => signature.Length == rsa.KeySize / 8 && rsa.VerifyData(data, signature, Hash, RSASignaturePadding.Pss),
        ECDsa ec when !IsRsa => signature.Length == 2 * ((ec.KeySize + 7) / 8) && ec.VerifyData(data, signature, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => false,
    };

    /// <inheritdoc />
    public override string ToString() => Name;
}
