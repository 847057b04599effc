using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// Checks that a certificate was signed by an issuer's key (Go's <c>CheckSignatureFrom</c>, which the chain rules
/// use): the TBSCertificate bytes and signature are read with <see cref="AsnReader"/> and verified with the BCL's RSA
/// and ECDSA implementations. SHA-1 and unknown algorithms are refused.
/// </summary>
internal static class CertificateSignature
{
    /// <summary>True when the signature algorithm uses SHA-1 (forbidden anywhere in a Notary Project chain).</summary>
    public static bool UsesSha1(X509Certificate2 certificate) =>
        certificate.SignatureAlgorithm.Value is "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" or "1.2.840.10040.4.3" or "1.3.14.3.2.29";

    /// <summary>True when <paramref name="certificate"/>'s signature verifies with <paramref name="issuer"/>'s public key.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer, out string? error)
    {
        error = null;
        try
        {
            var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            var tbs = sequence.ReadEncodedValue();
            var algorithm = sequence.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : default;
            var signature = sequence.ReadBitString(out _);

            switch (oid)
            {
                case "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13":
                    return VerifyRsa(issuer, tbs.Span, signature, HashFor(oid), RSASignaturePadding.Pkcs1, ref error);
                case "1.2.840.113549.1.1.10":
                    var hash = PssHash(parameters);
                    if (hash is null)
                    {
                        error = "RSASSA-PSS parameters with a salt length other than the hash length are not supported";
                        return false;
                    }

                    return VerifyRsa(issuer, tbs.Span, signature, hash.Value, RSASignaturePadding.Pss, ref error);
                case "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4":
                    using (var ec = issuer.GetECDsaPublicKey())
                    {
                        if (ec is null)
                        {
                            error = "the issuer key is not an EC key";
                            return false;
                        }

                        return ec.VerifyData(tbs.Span, signature, HashFor(oid), DSASignatureFormat.Rfc3279DerSequence);
                    }

                default:
                    error = $"the signature algorithm {certificate.SignatureAlgorithm.FriendlyName ?? oid} is not supported";
                    return false;
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            error = ex.Message;
            return false;
        }
    }

    private static bool VerifyRsa(X509Certificate2 issuer, ReadOnlySpan<byte> tbs, byte[] signature, HashAlgorithmName hash, RSASignaturePadding padding, ref string? error)
    {
        using var rsa = issuer.GetRSAPublicKey();
        if (rsa is null)
        {
            error = "the issuer key is not an RSA key";
            return false;
        }

        return rsa.VerifyData(tbs, signature, hash, padding);
    }

    private static HashAlgorithmName HashFor(string oid) => oid switch
    {
        "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" or "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" or "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static HashAlgorithmName? PssHash(ReadOnlyMemory<byte> parameters)
    {
        // RSASSA-PSS-params ::= SEQUENCE { [0] hashAlgorithm DEFAULT sha1, [1] maskGenAlgorithm, [2] saltLength DEFAULT 20, ... }
        if (parameters.IsEmpty)
        {
            return null;
        }

        var reader = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
        string? hashOid = null;
        var salt = 20;
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var explicitHash = reader.ReadSequence(tag).ReadSequence();
                hashOid = explicitHash.ReadObjectIdentifier();
            }
            else if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
            {
                var explicitSalt = reader.ReadSequence(tag);
                salt = (int)explicitSalt.ReadInteger();
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }

        var hash = hashOid switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => (HashAlgorithmName?)null,
        };
        var expectedSalt = hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
        return hash is not null && salt == expectedSalt ? hash : null;
    }
}
