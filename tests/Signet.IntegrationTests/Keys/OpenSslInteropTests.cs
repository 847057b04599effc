using System.Collections.Concurrent;
using System.Text;
using Signet.Keys;
using Signet.Testing.Keys;
using Signet.Testing.Pkcs11;

namespace Signet.IntegrationTests.Keys;

/// <summary>
/// Signatures from every backend verify with <c>openssl dgst -verify</c> on the exported PEM (PSS with salt length =
/// hash length), and signatures made by openssl verify with <see cref="PublicKeyVerifier"/>.
/// </summary>
[Collection(SoftHsmGroup.Name)]
public sealed class OpenSslInteropTests(SoftHsmFixture hsm) : IDisposable
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("{\"critical\":{\"identity\":{\"docker-reference\":\"registry.local/app\"}}}");
    private static readonly ConcurrentDictionary<string, Task<string>> s_openSslKeys = new();
    private static readonly SemaphoreSlim s_keyLock = new(1, 1);
    private static TemporaryKeyStore? s_embedded;
    private readonly string _work = Directory.CreateTempSubdirectory("signet-openssl-").FullName;

    public static TheoryData<string, KeyType, string> BackendPairs()
    {
        var data = new TheoryData<string, KeyType, string>();
        foreach (var backend in new[] { "embedded", "pkcs11" })
        {
            foreach (var keyType in Enum.GetValues<KeyType>())
            {
                foreach (var algorithm in keyType.Algorithms())
                {
                    data.Add(backend, keyType, algorithm.Name);
                }
            }
        }

        return data;
    }

    public static TheoryData<KeyType, string> OpenSslPairs()
    {
        var data = new TheoryData<KeyType, string>();
        foreach (var keyType in new[] { KeyType.Rsa2048, KeyType.Rsa3072, KeyType.EcP256, KeyType.EcP384, KeyType.EcP521 })
        {
            foreach (var algorithm in keyType.Algorithms())
            {
                data.Add(keyType, algorithm.Name);
            }
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [MemberData(nameof(BackendPairs))]
    public async Task BackendSignature_VerifiesWithOpenSsl(string backend, KeyType keyType, string algorithmName)
    {
        var algorithm = SigningAlgorithm.Parse(algorithmName);
        var (provider, keyId) = await KeyAsync(backend, keyType);
        var signature = await provider.SignAsync(keyId, null, algorithm, s_message);
        var publicKey = await provider.GetPublicKeyAsync(keyId);

        var result = await OpenSslVerifyAsync(publicKey.ToPem(), algorithm, s_message, signature.Signature);
        var tampered = await OpenSslVerifyAsync(publicKey.ToPem(), algorithm, [.. s_message, 0x20], signature.Signature);

        Assert.True(result.ExitCode == 0 && result.Output.Contains("Verified OK", StringComparison.Ordinal), $"openssl rejected the {backend} {algorithmName} signature: {result.Output}");
        Assert.NotEqual(0, tampered.ExitCode);
    }

    [Theory]
    [MemberData(nameof(OpenSslPairs))]
    public async Task OpenSslSignature_VerifiesWithPublicKeyVerifier(KeyType keyType, string algorithmName)
    {
        var algorithm = SigningAlgorithm.Parse(algorithmName);
        var keyPath = await OpenSslKeyAsync(keyType);
        var message = Path.Combine(_work, "message");
        var signaturePath = Path.Combine(_work, "signature");
        var spkiPath = Path.Combine(_work, "spki.der");
        await File.WriteAllBytesAsync(message, s_message);
        List<string> arguments = ["dgst", "-" + OpenSslHash(algorithm), "-sign", keyPath, "-out", signaturePath];
        arguments.AddRange(PssOptions(algorithm));
        arguments.Add(message);

        await OpenSsl.RunCheckedAsync([.. arguments]);
        await OpenSsl.RunCheckedAsync("pkey", "-in", keyPath, "-pubout", "-outform", "DER", "-out", spkiPath);
        var signature = await File.ReadAllBytesAsync(signaturePath);
        var spki = await File.ReadAllBytesAsync(spkiPath);
        if (!keyType.IsRsa())
        {
            signature = EcdsaSignatureEncoding.DerToP1363(signature, keyType.EcFieldSizeInBytes());
        }

        Assert.True(KeyTypeExtensions.TryGetKeyType(spki, out var parsedType));
        Assert.Equal(keyType, parsedType);
        Assert.True(PublicKeyVerifier.Verify(spki, algorithm, s_message, signature), $"openssl's {algorithmName} signature does not verify");
        Assert.False(PublicKeyVerifier.Verify(spki, algorithm, [.. s_message, 0x20], signature));
    }

    private async Task<OpenSsl.Result> OpenSslVerifyAsync(string pem, SigningAlgorithm algorithm, byte[] data, byte[] signature)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var pemPath = Path.Combine(_work, $"{id}.pem");
        var dataPath = Path.Combine(_work, $"{id}.data");
        var signaturePath = Path.Combine(_work, $"{id}.sig");
        await File.WriteAllTextAsync(pemPath, pem);
        await File.WriteAllBytesAsync(dataPath, data);
        await File.WriteAllBytesAsync(signaturePath, algorithm.IsRsa ? signature : EcdsaSignatureEncoding.P1363ToDer(signature));
        List<string> arguments = ["dgst", "-" + OpenSslHash(algorithm), "-verify", pemPath, "-signature", signaturePath];
        arguments.AddRange(PssOptions(algorithm));
        arguments.Add(dataPath);
        return await OpenSsl.RunAsync([.. arguments]);
    }

    private static string OpenSslHash(SigningAlgorithm algorithm) => "sha" + (algorithm.HashSizeInBytes * 8);

    private static string[] PssOptions(SigningAlgorithm algorithm) =>
        algorithm.Scheme == SignatureScheme.RsaPss
            ? ["-sigopt", "rsa_padding_mode:pss", "-sigopt", $"rsa_pss_saltlen:{algorithm.HashSizeInBytes}", "-sigopt", $"rsa_mgf1_md:{OpenSslHash(algorithm)}"]
            : [];

    private async Task<(IKeyProvider Provider, string KeyId)> KeyAsync(string backend, KeyType keyType)
    {
        var name = "interop-" + keyType.ToString().ToLowerInvariant();
        await s_keyLock.WaitAsync();
        try
        {
            if (backend == "embedded")
            {
                if (s_embedded is null)
                {
                    s_embedded = new TemporaryKeyStore();
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => s_embedded.Dispose();
                }

                if (!(await s_embedded.Store.ListKeysAsync()).Any(k => k.Name == name))
                {
                    await s_embedded.Store.CreateKeyAsync(name, keyType);
                }

                return (s_embedded.Store, name);
            }

            var keyId = hsm.KeyUri(name);
            try
            {
                await hsm.Provider.GetKeyAsync(keyId);
            }
            catch (KeyProviderException e) when (e.Code == KeyErrorCode.KeyNotFound)
            {
                await hsm.Provider.CreateKeyAsync(keyId, keyType);
            }

            return (hsm.Provider, keyId);
        }
        finally
        {
            s_keyLock.Release();
        }
    }

    private static Task<string> OpenSslKeyAsync(KeyType keyType) => s_openSslKeys.GetOrAdd(keyType.ToString(), async _ =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"signet-openssl-{keyType}-{Guid.NewGuid():N}.pem");
        var options = keyType.IsRsa()
            ? new[] { "-algorithm", "RSA", "-pkeyopt", $"rsa_keygen_bits:{keyType.KeySizeInBits()}" }
            : new[] { "-algorithm", "EC", "-pkeyopt", $"ec_paramgen_curve:P-{keyType.KeySizeInBits()}" };
        await OpenSsl.RunCheckedAsync(["genpkey", .. options, "-out", path]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });
}
