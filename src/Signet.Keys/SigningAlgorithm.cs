using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Signet.Keys;

/// <summary>
/// A signature algorithm a key vault can sign with: RSA-PSS and RSA PKCS#1 v1.5 over SHA-2, and ECDSA. Names follow
/// Oracle's KMS (<c>SHA_256_RSA_PKCS_PSS</c>, <c>ECDSA_SHA_256</c>…), which are also the names Signet's vault-key
/// signatures record.
/// </summary>
public sealed class SigningAlgorithm : IEquatable<SigningAlgorithm>
{
    private SigningAlgorithm(string name, SignatureScheme scheme, HashAlgorithmName hash, int hashSize)
    {
        Name = name;
        Scheme = scheme;
        Hash = hash;
        HashSizeInBytes = hashSize;
    }

    /// <summary>RSA-PSS with SHA-224, salt length 28.</summary>
    public static SigningAlgorithm RsaPssSha224 { get; } = new("SHA_224_RSA_PKCS_PSS", SignatureScheme.RsaPss, new HashAlgorithmName("SHA224"), 28);

    /// <summary>RSA-PSS with SHA-256, salt length 32.</summary>
    public static SigningAlgorithm RsaPssSha256 { get; } = new("SHA_256_RSA_PKCS_PSS", SignatureScheme.RsaPss, HashAlgorithmName.SHA256, 32);

    /// <summary>RSA-PSS with SHA-384, salt length 48.</summary>
    public static SigningAlgorithm RsaPssSha384 { get; } = new("SHA_384_RSA_PKCS_PSS", SignatureScheme.RsaPss, HashAlgorithmName.SHA384, 48);

    /// <summary>RSA-PSS with SHA-512, salt length 64.</summary>
    public static SigningAlgorithm RsaPssSha512 { get; } = new("SHA_512_RSA_PKCS_PSS", SignatureScheme.RsaPss, HashAlgorithmName.SHA512, 64);

    /// <summary>RSA PKCS#1 v1.5 with SHA-224.</summary>
    public static SigningAlgorithm RsaPkcs1Sha224 { get; } = new("SHA_224_RSA_PKCS1_V1_5", SignatureScheme.RsaPkcs1, new HashAlgorithmName("SHA224"), 28);

    /// <summary>RSA PKCS#1 v1.5 with SHA-256.</summary>
    public static SigningAlgorithm RsaPkcs1Sha256 { get; } = new("SHA_256_RSA_PKCS1_V1_5", SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA256, 32);

    /// <summary>RSA PKCS#1 v1.5 with SHA-384.</summary>
    public static SigningAlgorithm RsaPkcs1Sha384 { get; } = new("SHA_384_RSA_PKCS1_V1_5", SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA384, 48);

    /// <summary>RSA PKCS#1 v1.5 with SHA-512.</summary>
    public static SigningAlgorithm RsaPkcs1Sha512 { get; } = new("SHA_512_RSA_PKCS1_V1_5", SignatureScheme.RsaPkcs1, HashAlgorithmName.SHA512, 64);

    /// <summary>ECDSA with SHA-256 (P-256 keys in Notary Project and cosign).</summary>
    public static SigningAlgorithm EcdsaSha256 { get; } = new("ECDSA_SHA_256", SignatureScheme.Ecdsa, HashAlgorithmName.SHA256, 32);

    /// <summary>ECDSA with SHA-384.</summary>
    public static SigningAlgorithm EcdsaSha384 { get; } = new("ECDSA_SHA_384", SignatureScheme.Ecdsa, HashAlgorithmName.SHA384, 48);

    /// <summary>ECDSA with SHA-512.</summary>
    public static SigningAlgorithm EcdsaSha512 { get; } = new("ECDSA_SHA_512", SignatureScheme.Ecdsa, HashAlgorithmName.SHA512, 64);

    /// <summary>Every algorithm, in a stable order.</summary>
    public static IReadOnlyList<SigningAlgorithm> All { get; } =
    [
        RsaPssSha224, RsaPssSha256, RsaPssSha384, RsaPssSha512,
        RsaPkcs1Sha224, RsaPkcs1Sha256, RsaPkcs1Sha384, RsaPkcs1Sha512,
        EcdsaSha256, EcdsaSha384, EcdsaSha512,
    ];

    /// <summary>The Oracle-style name (<c>SHA_256_RSA_PKCS_PSS</c>).</summary>
    public string Name { get; }

    /// <summary>The signature scheme.</summary>
    public SignatureScheme Scheme { get; }

    /// <summary>The digest algorithm.</summary>
    public HashAlgorithmName Hash { get; }

    /// <summary>Length of the digest in bytes (also the PSS salt length).</summary>
    public int HashSizeInBytes { get; }

    /// <summary>True for the two RSA schemes.</summary>
    public bool IsRsa => Scheme is SignatureScheme.RsaPss or SignatureScheme.RsaPkcs1;

    /// <summary>The RSA padding, for RSA schemes.</summary>
    public RSASignaturePadding RsaPadding => Scheme switch
    {
        SignatureScheme.RsaPss => RSASignaturePadding.Pss,
        SignatureScheme.RsaPkcs1 => RSASignaturePadding.Pkcs1,
        _ => throw new InvalidOperationException($"{Name} is not an RSA algorithm."),
    };

    /// <summary>
    /// Finds an algorithm by its Oracle-style name (case-insensitive; <c>-</c> and <c>_</c> are interchangeable) or its
    /// JWS name (<c>PS256</c>, case-sensitive as in RFC 7518).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out SigningAlgorithm? algorithm)
    {
        algorithm = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var normalized = name.Trim().Replace('-', '_');
        algorithm = All.FirstOrDefault(a => string.Equals(a.Name, normalized, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(a => string.Equals(a.JwsName, name.Trim(), StringComparison.Ordinal));
        return algorithm is not null;
    }

    /// <summary>Finds an algorithm by name; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static SigningAlgorithm Parse(string name) =>
        TryParse(name, out var algorithm)
            ? algorithm
            : throw new ArgumentException($"Unknown signing algorithm '{name}'; valid: {string.Join(", ", All.Select(a => a.Name))}.", nameof(name));

    /// <summary>
    /// The JWS name (RFC 7518: <c>PS256</c>, <c>RS384</c>, <c>ES512</c>…), also accepted by <see cref="TryParse"/>; null
    /// for the SHA-224 algorithms, which JWS does not define.
    /// </summary>
    public string? JwsName => HashSizeInBytes == 28
        ? null
        : Scheme switch
        {
            SignatureScheme.RsaPss => "PS",
            SignatureScheme.RsaPkcs1 => "RS",
            _ => "ES",
        } + (HashSizeInBytes * 8).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The ASN.1 object identifier of the digest algorithm (for PKCS#1 v1.5 DigestInfo).</summary>
    public string HashOid => HashSizeInBytes switch
    {
        28 => "2.16.840.1.101.3.4.2.4",
        32 => "2.16.840.1.101.3.4.2.1",
        48 => "2.16.840.1.101.3.4.2.2",
        _ => "2.16.840.1.101.3.4.2.3",
    };

    /// <summary>Hashes <paramref name="data"/> with this algorithm's digest.</summary>
    public byte[] HashData(ReadOnlySpan<byte> data)
    {
        if (Hash == HashAlgorithmName.SHA256)
        {
            return SHA256.HashData(data);
        }

        if (Hash == HashAlgorithmName.SHA384)
        {
            return SHA384.HashData(data);
        }

        if (Hash == HashAlgorithmName.SHA512)
        {
            return SHA512.HashData(data);
        }

        // The BCL has no SHA-224 (OpenSSL-backed .NET rejects the name); BouncyCastle's vetted digest serves Oracle's
        // SHA_224_* algorithms.
        var digest = new Org.BouncyCastle.Crypto.Digests.Sha224Digest();
        digest.BlockUpdate(data);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }

    /// <inheritdoc />
    public bool Equals(SigningAlgorithm? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SigningAlgorithm);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The families of signature schemes Signet supports.</summary>
public enum SignatureScheme
{
    /// <summary>RSASSA-PSS, MGF1 with the same hash, salt length equal to the hash length.</summary>
    RsaPss,

    /// <summary>RSASSA-PKCS1-v1_5.</summary>
    RsaPkcs1,

    /// <summary>ECDSA; providers return signatures as IEEE P1363 <c>r||s</c>.</summary>
    Ecdsa,
}
