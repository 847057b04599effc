using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Signet.Keys.Embedded;

/// <summary>
/// Passphrase-based protection of key files: PBKDF2-SHA256 to a master key, HKDF-SHA256 to an AES-256-GCM key and a
/// passphrase check value. Derived keys are cached per (salt, iterations, passphrase) so that signing in a loop does
/// not pay the 600,000 iterations each time; the cache is zeroed on dispose.
/// </summary>
internal sealed class KeyFileProtector : IDisposable
{
    private const int SaltSize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] s_encryptionInfo = Encoding.ASCII.GetBytes("signet.key.v1 aes-256-gcm");
    private static readonly byte[] s_checkInfo = Encoding.ASCII.GetBytes("signet.key.v1 passphrase check");

    // Cache entries are looked up by an HMAC under a per-process random key, so the dictionary keys say nothing
    // about the passphrase.
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DerivedKeys> _cache = new(StringComparer.Ordinal);

    /// <summary>New KDF parameters with a fresh salt and the check value for <paramref name="passphrase"/>.</summary>
    public KdfParameters CreateKdf(string passphrase, int iterations, out byte[] encryptionKey)
    {
        var kdf = new KdfParameters
        {
            Algorithm = KdfParameters.Pbkdf2Sha256,
            Iterations = iterations,
            Salt = RandomNumberGenerator.GetBytes(SaltSize),
        };
        var keys = Derive(passphrase, kdf);
        kdf.Check = keys.Check.ToArray();
        encryptionKey = keys.EncryptionKey;
        return kdf;
    }

    /// <summary>The file's encryption key, or null when the passphrase does not match the file's check value.</summary>
    /// <remarks>The returned array belongs to the cache: do not zero it.</remarks>
    public byte[]? TryUnlock(string passphrase, KdfParameters kdf)
    {
        var keys = Derive(passphrase, kdf);
        return CryptographicOperations.FixedTimeEquals(keys.Check, kdf.Check) ? keys.EncryptionKey : null;
    }

    /// <summary>Seals PKCS#8 bytes under the key with a fresh nonce.</summary>
    public static SealedPrivateKey Seal(byte[] encryptionKey, ReadOnlySpan<byte> pkcs8, ReadOnlySpan<byte> associatedData)
    {
        var sealedKey = new SealedPrivateKey
        {
            Nonce = RandomNumberGenerator.GetBytes(NonceSize),
            Ciphertext = new byte[pkcs8.Length],
            Tag = new byte[TagSize],
        };
        using var aes = new AesGcm(encryptionKey, TagSize);
        aes.Encrypt(sealedKey.Nonce, pkcs8, sealedKey.Ciphertext, sealedKey.Tag, associatedData);
        return sealedKey;
    }

    /// <summary>Opens a sealed key; the caller zeroes the result. Throws <see cref="AuthenticationTagMismatchException"/>.</summary>
    public static byte[] Open(byte[] encryptionKey, SealedPrivateKey sealedKey, ReadOnlySpan<byte> associatedData)
    {
        var pkcs8 = new byte[sealedKey.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(encryptionKey, TagSize);
            aes.Decrypt(sealedKey.Nonce, sealedKey.Ciphertext, sealedKey.Tag, pkcs8, associatedData);
            return pkcs8;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(pkcs8);
            throw;
        }
    }

    /// <summary>True when the sealed key has the sizes this format writes (checked before decrypting).</summary>
    public static bool HasValidShape(SealedPrivateKey sealedKey) =>
        sealedKey.Cipher == SealedPrivateKey.Aes256Gcm && sealedKey.Nonce.Length == NonceSize && sealedKey.Tag.Length == TagSize
        && sealedKey.Ciphertext.Length is > 0 and < 16 * 1024;

    /// <summary>True when the KDF parameters are ones this format writes.</summary>
    public static bool HasValidShape(KdfParameters kdf) =>
        kdf.Algorithm == KdfParameters.Pbkdf2Sha256 && kdf.Salt.Length == SaltSize && kdf.Check.Length == 32
        && kdf.Iterations is >= EmbeddedKeyStoreOptions.MinimumPbkdf2Iterations and <= EmbeddedKeyStoreOptions.MaximumPbkdf2Iterations;

    /// <summary>Zeroes every cached key.</summary>
    public void Dispose()
    {
        foreach (var entry in _cache.Values)
        {
            CryptographicOperations.ZeroMemory(entry.EncryptionKey);
        }

        _cache.Clear();
        CryptographicOperations.ZeroMemory(_cacheKey);
    }

    private DerivedKeys Derive(string passphrase, KdfParameters kdf)
    {
        var passphraseBytes = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            var cacheKey = CacheKey(passphraseBytes, kdf);
            if (_cache.TryGetValue(cacheKey, out var cached))
            {
                return cached;
            }

            var master = Rfc2898DeriveBytes.Pbkdf2(passphraseBytes, kdf.Salt, kdf.Iterations, HashAlgorithmName.SHA256, 32);
            try
            {
                var derived = new DerivedKeys(
                    HKDF.Expand(HashAlgorithmName.SHA256, master, 32, s_encryptionInfo),
                    HKDF.Expand(HashAlgorithmName.SHA256, master, 32, s_checkInfo));
                return _cache.GetOrAdd(cacheKey, derived);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(master);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphraseBytes);
        }
    }

    private string CacheKey(byte[] passphraseBytes, KdfParameters kdf)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _cacheKey);
        Span<byte> iterations = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(iterations, kdf.Iterations);
        hmac.AppendData(iterations);
        hmac.AppendData(kdf.Salt);
        hmac.AppendData(passphraseBytes);
        return Convert.ToHexString(hmac.GetHashAndReset());
    }

    private sealed record DerivedKeys(byte[] EncryptionKey, byte[] Check)
    {
        public override string ToString() => "derived keys";
    }
}
