using System.Text;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Signatures.Vault;
using Signet.Testing.Keys;
using Signet.Testing.Signatures;

namespace Signet.UnitTests.Signatures;

/// <summary>Signing an image index signs the index digest; results say which subject they were checked against.</summary>
public sealed class MultiArchSignatureTests : IAsyncLifetime
{
    private static readonly ImageReference s_image = ImageReference.Parse("registry.example/team/app:v1");
    private readonly TemporaryKeyStore _keys = new();
    private Descriptor _platform = null!;
    private Descriptor _index = null!;
    private string _keyId = null!;

    public async Task InitializeAsync()
    {
        _keyId = (await _keys.Vault.CreateKeyAsync("multiarch", KeyType.EcP256)).Id;
        _platform = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2,\"arch\":\"arm64\"}"u8);
        var index = ManifestContent.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [_platform with { Platform = new Platform { Architecture = "arm64", OS = "linux" } }] });
        _index = index.ToDescriptor() with { ArtifactType = null };
    }

    public Task DisposeAsync()
    {
        _keys.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Cosign_IndexSigned_ValidForIndexMismatchForPlatform()
    {
        var repository = new MemoryOciRepository();
        var artifact = await new CosignSignatureSigner().SignAsync(Request());
        var stored = await SignatureStore.PushAsync(repository, _index, artifact);
        var publicKey = await _keys.Vault.GetPublicKeyAsync(_keyId);
        var verifier = new CosignSignatureVerifier([new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo))]);

        var forIndex = Assert.Single(await verifier.VerifyAsync(Context(repository, stored, _index)));
        var forPlatform = Assert.Single(await verifier.VerifyAsync(Context(repository, stored, _platform)));

        Assert.Equal(_index.Digest.ToString(), CosignPayload.Parse(artifact.Blobs[0].Content.Span).DockerManifestDigest);
        Assert.Equal(CosignAttachment.TagFor(_index.Digest), "sha256-" + _index.Digest.Hex + ".sig");
        Assert.True(forIndex.IsValid, forIndex.Message);
        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, forPlatform.Code);
    }

    [Fact]
    public async Task Vault_IndexSigned_ReferrerOfIndexValidOnlyForIndex()
    {
        var repository = new MemoryOciRepository();
        var artifact = await new VaultSignatureSigner().SignAsync(Request());
        var stored = await SignatureStore.PushAsync(repository, _index, artifact);
        var verifier = new VaultSignatureVerifier([new TrustedVaultKey(_keyId)], _keys.Vault);

        var forIndex = Assert.Single(await verifier.VerifyAsync(Context(repository, stored, _index)));
        var forPlatform = Assert.Single(await verifier.VerifyAsync(Context(repository, stored, _platform)));

        Assert.Equal(_index.Digest, stored.Manifest!.Subject!.Digest);
        Assert.Equal(MediaTypes.OciIndex, stored.Manifest.Subject.MediaType);
        Assert.Contains("\"imageDigest\":\"" + _index.Digest + "\"", Encoding.ASCII.GetString(artifact.Blobs[1].Content.Span), StringComparison.Ordinal);
        Assert.True(forIndex.IsValid, forIndex.Message);
        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, forPlatform.Code);
    }

    private SigningRequest Request() => new() { Subject = _index, Image = s_image, Keys = _keys.Vault, KeyId = _keyId };

    private static SignatureVerificationContext Context(IOciRepository repository, ManifestContent stored, Descriptor subject) => new()
    {
        Subject = subject,
        Image = s_image,
        SignatureManifest = stored,
        Repository = repository,
    };
}
