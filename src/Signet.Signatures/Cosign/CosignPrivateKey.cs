using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Generators;
using Signet.Keys;

namespace Signet.Signatures.Cosign;

/// <summary>
/// Reads and writes cosign's password-protected private keys (<c>ENCRYPTED SIGSTORE PRIVATE KEY</c>, and the older
/// <c>ENCRYPTED COSIGN PRIVATE KEY</c>), so images can be signed with keys made by <c>cosign generate-key-pair</c>.
/// </summary>
/// <remarks>
/// The PEM body is base64 of go-tuf's <c>encrypted</c> JSON (cosign <c>pkg/cosign/keys.go</c>):
/// <c>{"kdf":{"name":"scrypt","params":{"N","r","p"},"salt"},"cipher":{"name":"nacl/secretbox","nonce"},"ciphertext"}</c>.
/// The key is scrypt(password, salt, N, r, p, 32) (BouncyCastle) and the plaintext, opened with NaCl secretbox
/// (XSalsa20-Poly1305, libsodium through Sodium.Core), is a PKCS#8 DER private key; SEC1 inside is refused as cosign
/// refuses it. The scrypt cost is bounded so a crafted key file cannot make Signet work without end.
/// </remarks>
public static class CosignPrivateKey
{
    /// <summary>The label cosign 2 and later write.</summary>
    public const string SigstoreLabel = "ENCRYPTED SIGSTORE PRIVATE KEY";

    /// <summary>The label cosign 1 (and containers/image 5.23) use.</summary>
    public const string CosignLabel = "ENCRYPTED COSIGN PRIVATE KEY";

    /// <summary>The largest scrypt N accepted (cosign writes 32768 or 65536).</summary>
    public const int MaxScryptN = 1 << 20;

    private const int MaxPemChars = 64 * 1024;

    /// <summary>
    /// Decrypts a cosign private key. Returns an <see cref="ECDsa"/> or <see cref="RSA"/> the caller disposes.
    /// Throws <see cref="KeyProviderException"/> with code <c>WRONG_PASSPHRASE</c> when the password does not open it,
    /// <c>KEY_FILE_CORRUPT</c> for anything malformed or unsupported.
    /// </summary>
    public static AsymmetricAlgorithm Decrypt(string pem, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > MaxPemChars)
        {
            throw Invalid($"the file is {pem.Length} characters long; a cosign key is under 2 KiB");
        }

        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw Invalid($"it is not PEM; expected '-----BEGIN {SigstoreLabel}-----'");
        }

        var label = pem[fields.Label].ToString();
        if (label is not (SigstoreLabel or CosignLabel))
        {
            throw Invalid($"the PEM block is '{label}'; expected '{SigstoreLabel}' or '{CosignLabel}'");
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        }
        catch (FormatException)
        {
            throw Invalid("the PEM body is not base64");
        }

        var (salt, n, r, p, nonce, ciphertext) = ReadEnvelope(json);
        var key = SCrypt.Generate(password.ToArray(), salt, n, r, p, 32);
        byte[] plaintext;
        try
        {
            plaintext = Sodium.SecretBox.Open(ciphertext, nonce, key);
        }
        catch (CryptographicException ex)
        {
            throw new KeyProviderException(KeyErrorCode.WrongPassphrase, "The cosign private key could not be decrypted: the password is wrong or the file was altered (secretbox authentication failed).", null, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        try
        {
            return ImportPkcs8(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Encrypts a private key as cosign does (label <c>ENCRYPTED SIGSTORE PRIVATE KEY</c>, scrypt N=32768 r=8 p=1,
    /// random salt and nonce), for keys Signet hands to cosign users.
    /// </summary>
    public static string Encrypt(AsymmetricAlgorithm key, ReadOnlySpan<byte> password, int scryptN = 32768)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (scryptN is < 2 or > MaxScryptN || (scryptN & (scryptN - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scryptN), scryptN, $"scrypt N must be a power of two from 2 to {MaxScryptN}.");
        }

        var salt = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(24);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var secretKey = SCrypt.Generate(password.ToArray(), salt, scryptN, 8, 1, 32);
        byte[] ciphertext;
        try
        {
            ciphertext = Sodium.SecretBox.Create(pkcs8, nonce, secretKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secretKey);
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        var json = $"{{\"kdf\":{{\"name\":\"scrypt\",\"params\":{{\"N\":{scryptN},\"r\":8,\"p\":1}},\"salt\":\"{Convert.ToBase64String(salt)}\"}},\"cipher\":{{\"name\":\"nacl/secretbox\",\"nonce\":\"{Convert.ToBase64String(nonce)}\"}},\"ciphertext\":\"{Convert.ToBase64String(ciphertext)}\"}}";
        return PemEncoding.WriteString(SigstoreLabel, Encoding.UTF8.GetBytes(json)) + "\n";
    }

    private static (byte[] Salt, int N, int R, int P, byte[] Nonce, byte[] Ciphertext) ReadEnvelope(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            var kdf = root.GetProperty("kdf");
            if (kdf.GetProperty("name").GetString() != "scrypt")
            {
                throw Invalid($"the key derivation is '{kdf.GetProperty("name")}'; only scrypt is supported");
            }

            var parameters = kdf.GetProperty("params");
            var n = parameters.GetProperty("N").GetInt32();
            var r = parameters.GetProperty("r").GetInt32();
            var p = parameters.GetProperty("p").GetInt32();
            if (n is < 2 or > MaxScryptN || (n & (n - 1)) != 0 || r is < 1 or > 32 || p is < 1 or > 16)
            {
                throw Invalid($"the scrypt parameters N={n} r={r} p={p} are out of range (N a power of two up to {MaxScryptN}, r 1-32, p 1-16)");
            }

            var salt = Convert.FromBase64String(kdf.GetProperty("salt").GetString() ?? string.Empty);
            var cipher = root.GetProperty("cipher");
            if (cipher.GetProperty("name").GetString() != "nacl/secretbox")
            {
                throw Invalid($"the cipher is '{cipher.GetProperty("name")}'; only nacl/secretbox is supported");
            }

            var nonce = Convert.FromBase64String(cipher.GetProperty("nonce").GetString() ?? string.Empty);
            var ciphertext = Convert.FromBase64String(root.GetProperty("ciphertext").GetString() ?? string.Empty);
            if (salt.Length is < 8 or > 64 || nonce.Length != 24 || ciphertext.Length is < 17 or > 16 * 1024)
            {
                throw Invalid($"the salt ({salt.Length} bytes), nonce ({nonce.Length} bytes, must be 24) or ciphertext ({ciphertext.Length} bytes) has the wrong size");
            }

            return (salt, n, r, p, nonce, ciphertext);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Invalid($"the encrypted key JSON is malformed ({ex.Message})");
        }
    }

    private static AsymmetricAlgorithm ImportPkcs8(byte[] pkcs8)
    {
        // Try EC first (cosign's default), then RSA; PKCS#8 names the algorithm, so exactly one can succeed.
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read == pkcs8.Length)
            {
                return ecdsa;
            }
        }
        catch (CryptographicException)
        {
            // Not an EC PKCS#8 key; RSA is tried next.
        }

        ecdsa.Dispose();
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read == pkcs8.Length)
            {
                return rsa;
            }
        }
        catch (CryptographicException)
        {
            // Neither; reported below.
        }

        rsa.Dispose();
        throw Invalid("the decrypted key is not a PKCS#8 ECDSA or RSA private key (cosign refuses SEC1 'EC PRIVATE KEY' content too)");
    }

    private static KeyProviderException Invalid(string why) =>
        new(KeyErrorCode.KeyFileCorrupt, $"The cosign private key cannot be read: {why}.");
}
