using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Signatures.Vault;
using Signet.Testing.Keys;
using Signet.Testing.Signatures;

namespace Signet.Benchmarks.Signatures;

/// <summary>
/// Verifying one cosign signature and one vault-key signature (ECDSA P-256, the default keys) next to a raw ECDSA
/// verify of the same bytes with the same, already imported key: the cost of the format around the cryptography
/// (blob read from an in-memory repository with digest check, base64, strict JSON parse, subject checks). Goal: at most
/// 1.3x the raw verify.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CosignVaultVerifyBenchmarks
{
    private static readonly ImageReference s_image = ImageReference.Parse("registry.example/team/app:v1");
    private static readonly Descriptor s_subject = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2,\"layers\":[]}"u8);

    private TemporaryKeyStore _keys = null!;
    private ECDsa _publicKey = null!;
    private CosignSignatureVerifier _cosign = null!;
    private VaultSignatureVerifier _vault = null!;
    private SignatureVerificationContext _cosignContext = null!;
    private SignatureVerificationContext _vaultContext = null!;
    private byte[] _cosignPayload = null!;
    private byte[] _cosignSignature = null!;
    private byte[] _vaultMessage = null!;
    private byte[] _vaultSignature = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _keys = new TemporaryKeyStore(TimeProvider.System);
        var key = await _keys.Vault.CreateKeyAsync("bench", KeyType.EcP256);
        var spki = (await _keys.Vault.GetPublicKeyAsync(key.Id)).SubjectPublicKeyInfo;
        _publicKey = ECDsa.Create();
        _publicKey.ImportSubjectPublicKeyInfo(spki, out _);
        var repository = new MemoryOciRepository();

        var cosignArtifact = await new CosignSignatureSigner().SignAsync(new SigningRequest { Subject = s_subject, Image = s_image, Keys = _keys.Vault, KeyId = key.Id });
        var cosignManifest = await SignatureStore.PushAsync(repository, s_subject, cosignArtifact);
        _cosign = new CosignSignatureVerifier([new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(spki), key.Id)]);
        _cosignContext = new SignatureVerificationContext { Subject = s_subject, Image = s_image, SignatureManifest = cosignManifest, Repository = repository };
        _cosignPayload = cosignArtifact.Blobs[0].Content.ToArray();
        _cosignSignature = Convert.FromBase64String(cosignManifest.Manifest!.Layers[0].Annotations![CosignAttachment.SignatureAnnotation]);

        var vaultArtifact = await new VaultSignatureSigner().SignAsync(new SigningRequest { Subject = s_subject, Image = s_image, Keys = _keys.Vault, KeyId = key.Id });
        var vaultManifest = await SignatureStore.PushAsync(repository, s_subject, vaultArtifact);
        _vault = new VaultSignatureVerifier([new TrustedVaultKey(key.Id)], _keys.Vault);
        _vaultContext = new SignatureVerificationContext { Subject = s_subject, Image = s_image, SignatureManifest = vaultManifest, Repository = repository };
        _vaultMessage = vaultArtifact.Blobs[1].Content.ToArray();
        _vaultSignature = Convert.FromBase64String(vaultManifest.Manifest!.Layers[0].Annotations![VaultSignatureArtifact.SignatureAnnotation]);

        if (!CosignRaw() || !VaultRaw() || !(await CosignVerifyAsync()) || !(await VaultVerifyAsync()))
        {
            throw new InvalidOperationException("The benchmark signatures do not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _publicKey.Dispose();
        _keys.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw ECDSA P-256 verify of the cosign payload")]
    [BenchmarkCategory("cosign")]
    public bool CosignRaw() => _publicKey.VerifyData(_cosignPayload, _cosignSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "CosignSignatureVerifier.VerifyAsync")]
    [BenchmarkCategory("cosign")]
    public async Task<bool> CosignVerifyAsync() => (await _cosign.VerifyAsync(_cosignContext))[0].IsValid;

    [Benchmark(Baseline = true, Description = "raw ECDSA P-256 verify of the vault message")]
    [BenchmarkCategory("vault")]
    public bool VaultRaw() => _publicKey.VerifyData(_vaultMessage, _vaultSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "VaultSignatureVerifier.VerifyAsync")]
    [BenchmarkCategory("vault")]
    public async Task<bool> VaultVerifyAsync() => (await _vault.VerifyAsync(_vaultContext))[0].IsValid;
}
