using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Signet.Keys;
using Signet.Testing.Keys;
using Signet.Testing.Pkcs11;

namespace Signet.Benchmarks.Keys;

/// <summary>
/// Sign and verify operations per backend (embedded store, PKCS#11 on SoftHSM2) next to raw .NET RSA/ECDSA with the key
/// already in memory, the floor any backend pays. Each category's baseline is the raw .NET operation.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class KeySigningBenchmarks
{
    private static readonly byte[] s_payload = new byte[256];
    private static readonly byte[] s_digest = SHA256.HashData(s_payload);

    private TemporaryKeyStore _embedded = null!;
    private SoftHsmFixture _hsm = null!;
    private KeyVault _vault = null!;
    private ECDsa _ecdsa = null!;
    private RSA _rsa = null!;
    private string _hsmEc = "";
    private string _hsmRsa = "";
    private byte[] _ecSpki = [];
    private byte[] _rsaSpki = [];
    private byte[] _ecSignature = [];
    private byte[] _rsaSignature = [];
    private byte[] _rawEcSignature = [];
    private byte[] _rawRsaSignature = [];

    [GlobalSetup]
    public void Setup()
    {
        _embedded = new TemporaryKeyStore();
        _hsm = new SoftHsmFixture();
        _hsm.InitializeAsync().GetAwaiter().GetResult();
        _vault = new KeyVault([_embedded.Store, _hsm.Provider]);
        _embedded.Store.CreateKeyAsync("bench-ec", KeyType.EcP256).GetAwaiter().GetResult();
        _embedded.Store.CreateKeyAsync("bench-rsa", KeyType.Rsa2048).GetAwaiter().GetResult();
        _hsmEc = _hsm.KeyUri("bench-ec");
        _hsmRsa = _hsm.KeyUri("bench-rsa");
        _hsm.Provider.CreateKeyAsync(_hsmEc, KeyType.EcP256).GetAwaiter().GetResult();
        _hsm.Provider.CreateKeyAsync(_hsmRsa, KeyType.Rsa2048).GetAwaiter().GetResult();
        _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _rsa = RSA.Create(2048);
        _ecSpki = _embedded.Store.GetPublicKeyAsync("bench-ec").GetAwaiter().GetResult().SubjectPublicKeyInfo;
        _rsaSpki = _embedded.Store.GetPublicKeyAsync("bench-rsa").GetAwaiter().GetResult().SubjectPublicKeyInfo;
        _ecSignature = _embedded.Store.SignAsync("bench-ec", null, SigningAlgorithm.EcdsaSha256, s_payload).GetAwaiter().GetResult().Signature;
        _rsaSignature = _embedded.Store.SignAsync("bench-rsa", null, SigningAlgorithm.RsaPssSha256, s_payload).GetAwaiter().GetResult().Signature;
        _rawEcSignature = _ecdsa.SignHash(s_digest);
        _rawRsaSignature = _rsa.SignHash(s_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hsm.DisposeAsync().GetAwaiter().GetResult();
        _embedded.Dispose();
        _ecdsa.Dispose();
        _rsa.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw .NET ECDsa.SignHash")]
    [BenchmarkCategory("Sign ECDSA P-256")]
    public byte[] SignEcRaw() => _ecdsa.SignHash(s_digest);

    [Benchmark(Description = "embedded store")]
    [BenchmarkCategory("Sign ECDSA P-256")]
    public Task<KeySignature> SignEcEmbedded() => _embedded.Store.SignAsync("bench-ec", null, SigningAlgorithm.EcdsaSha256, s_payload);

    [Benchmark(Description = "PKCS#11 SoftHSM2")]
    [BenchmarkCategory("Sign ECDSA P-256")]
    public Task<KeySignature> SignEcPkcs11() => _hsm.Provider.SignAsync(_hsmEc, null, SigningAlgorithm.EcdsaSha256, s_payload);

    [Benchmark(Baseline = true, Description = "raw .NET RSA.SignHash")]
    [BenchmarkCategory("Sign RSA-2048 PSS SHA-256")]
    public byte[] SignRsaRaw() => _rsa.SignHash(s_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    [Benchmark(Description = "embedded store")]
    [BenchmarkCategory("Sign RSA-2048 PSS SHA-256")]
    public Task<KeySignature> SignRsaEmbedded() => _embedded.Store.SignAsync("bench-rsa", null, SigningAlgorithm.RsaPssSha256, s_payload);

    [Benchmark(Description = "PKCS#11 SoftHSM2")]
    [BenchmarkCategory("Sign RSA-2048 PSS SHA-256")]
    public Task<KeySignature> SignRsaPkcs11() => _hsm.Provider.SignAsync(_hsmRsa, null, SigningAlgorithm.RsaPssSha256, s_payload);

    [Benchmark(Baseline = true, Description = "raw .NET ECDsa.VerifyHash")]
    [BenchmarkCategory("Verify ECDSA P-256")]
    public bool VerifyEcRaw() => _ecdsa.VerifyHash(s_digest, _rawEcSignature);

    [Benchmark(Description = "PublicKeyVerifier (SPKI import per call)")]
    [BenchmarkCategory("Verify ECDSA P-256")]
    public bool VerifyEcSpki() => PublicKeyVerifier.Verify(_ecSpki, SigningAlgorithm.EcdsaSha256, s_payload, _ecSignature);

    [Benchmark(Description = "KeyVault.VerifyAsync, embedded (reads key file)")]
    [BenchmarkCategory("Verify ECDSA P-256")]
    public Task<KeyVerificationResult> VerifyEcVault() => _vault.VerifyAsync("bench-ec", SigningAlgorithm.EcdsaSha256, s_payload, _ecSignature);

    [Benchmark(Baseline = true, Description = "raw .NET RSA.VerifyHash")]
    [BenchmarkCategory("Verify RSA-2048 PSS SHA-256")]
    public bool VerifyRsaRaw() => _rsa.VerifyHash(s_digest, _rawRsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    [Benchmark(Description = "PublicKeyVerifier (SPKI import per call)")]
    [BenchmarkCategory("Verify RSA-2048 PSS SHA-256")]
    public bool VerifyRsaSpki() => PublicKeyVerifier.Verify(_rsaSpki, SigningAlgorithm.RsaPssSha256, s_payload, _rsaSignature);

    [Benchmark(Description = "KeyVault.VerifyAsync, embedded (reads key file)")]
    [BenchmarkCategory("Verify RSA-2048 PSS SHA-256")]
    public Task<KeyVerificationResult> VerifyRsaVault() => _vault.VerifyAsync("bench-rsa", SigningAlgorithm.RsaPssSha256, s_payload, _rsaSignature);
}
