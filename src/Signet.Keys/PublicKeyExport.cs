using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Signet.Keys;

/// <summary>Exports a version's public key for people and other tools: PEM SubjectPublicKeyInfo and JWK (RFC 7517).</summary>
public static class PublicKeyExport
{
    /// <summary>PEM <c>-----BEGIN PUBLIC KEY-----</c> text, the form <c>openssl</c>, cosign and Kyverno read.</summary>
    public static string ToPem(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        new string(PemEncoding.Write("PUBLIC KEY", subjectPublicKeyInfo)) + "\n";

    /// <summary>PEM of a <see cref="PublicKeyInfo"/>.</summary>
    public static string ToPem(this PublicKeyInfo publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return ToPem(publicKey.SubjectPublicKeyInfo);
    }

    /// <summary>
    /// A JSON Web Key (RFC 7517/7518) with <c>kty</c>, the key parameters, and <c>kid</c>/<c>alg</c> when given.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not an RSA or EC key Signet supports.</exception>
    public static string ToJwk(ReadOnlySpan<byte> subjectPublicKeyInfo, string? keyId = null, string? algorithm = null)
    {
        if (!KeyTypeExtensions.TryGetKeyType(subjectPublicKeyInfo, out var keyType))
        {
            throw new ArgumentException("Not a SubjectPublicKeyInfo of an RSA 2048/3072/4096 or EC P-256/384/521 key.", nameof(subjectPublicKeyInfo));
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (keyType.IsRsa())
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                var parameters = rsa.ExportParameters(includePrivateParameters: false);
                json.WriteString("kty", "RSA");
                json.WriteString("n", Base64Url(parameters.Modulus!));
                json.WriteString("e", Base64Url(parameters.Exponent!));
            }
            else
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
                json.WriteString("kty", "EC");
                json.WriteString("crv", keyType switch { KeyType.EcP256 => "P-256", KeyType.EcP384 => "P-384", _ => "P-521" });
                json.WriteString("x", Base64Url(parameters.Q.X!));
                json.WriteString("y", Base64Url(parameters.Q.Y!));
            }

            json.WriteString("use", "sig");
            if (keyId is not null)
            {
                json.WriteString("kid", keyId);
            }

            if (algorithm is not null)
            {
                json.WriteString("alg", algorithm);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>JWK of a <see cref="PublicKeyInfo"/>, with <c>kid</c> = <c>&lt;key id&gt;#&lt;version id&gt;</c>.</summary>
    public static string ToJwk(this PublicKeyInfo publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return ToJwk(publicKey.SubjectPublicKeyInfo, $"{publicKey.KeyId}#{publicKey.VersionId}");
    }

    private static string Base64Url(byte[] value) => Convert.ToBase64String(value).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
