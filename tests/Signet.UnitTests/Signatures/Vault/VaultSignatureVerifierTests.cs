using System.Text;
using Microsoft.Extensions.Time.Testing;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Vault;
using Signet.Testing.Keys;
using Signet.Testing.Signatures;

namespace Signet.UnitTests.Signatures.Vault;

public sealed class VaultSignatureVerifierTests : IAsyncLifetime
{
    private const string KeyId = "signet:release";
    private static readonly ImageReference s_image = ImageReference.Parse("registry.example/team/app:v1");
    private static readonly Descriptor s_subject = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2,\"layers\":[]}"u8);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero));
    private readonly MemoryOciRepository _repository = new();
    private TemporaryKeyStore _keys = null!;

    public async Task InitializeAsync()
    {
        _keys = new TemporaryKeyStore(_time);
        await _keys.Vault.CreateKeyAsync("release", KeyType.EcP256);
        await _keys.Vault.CreateKeyAsync("other", KeyType.EcP256);
    }

    public Task DisposeAsync()
    {
        _keys.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Verify_Genuine_Verified()
    {
        var result = await VerifyAsync(await SignAsync());

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SignatureFormat.Vault, result.Format);
    }

    [Fact]
    public async Task Verify_SignatureCopiedOntoOtherImage_SubjectMismatch()
    {
        var manifest = await SignAsync();
        var otherImage = Descriptor.For(MediaTypes.OciManifest, "{\"schemaVersion\":2,\"other\":1}"u8);

        var result = await VerifyAsync(manifest, subject: otherImage);

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
        Assert.Contains(otherImage.Digest.ToString(), result.Message, StringComparison.Ordinal);
        Assert.Equal(["integrity", "authenticity"], result.PassedChecks);
    }

    [Fact]
    public async Task Verify_SameDigestInOtherRepository_SubjectMismatch()
    {
        var result = await VerifyAsync(await SignAsync(), image: ImageReference.Parse("registry.example/team/impostor:v1"));

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
        Assert.Contains("'team/app'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SameRepositoryOnMirrorRegistry_Verified()
    {
        var result = await VerifyAsync(await SignAsync(), image: ImageReference.Parse("mirror.example:5000/team/app@" + s_subject.Digest));

        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public async Task Verify_UntrustedKey_KeyNotTrustedWithoutReadingBlobs()
    {
        var result = await VerifyAsync(await SignAsync("signet:other"));

        Assert.Equal(SignetErrorCode.KeyNotTrusted, result.Code);
        Assert.Contains("signet:other", result.Message, StringComparison.Ordinal);
        Assert.Empty(_repository.FetchedBlobs);
    }

    [Fact]
    public async Task Verify_VersionNotPinned_KeyNotTrusted()
    {
        var manifest = await SignAsync();

        var result = await VerifyAsync(manifest, new VaultSignatureVerifier([new TrustedVaultKey(KeyId, ["v2"])], _keys.Vault, timeProvider: _time));

        Assert.Equal(SignetErrorCode.KeyNotTrusted, result.Code);
    }

    [Fact]
    public async Task Verify_DisabledKeyVersion_KeyVersionDisabled()
    {
        var manifest = await SignAsync();
        await _keys.Vault.RotateKeyAsync(KeyId);
        await _keys.Vault.SetVersionStateAsync(KeyId, "v1", KeyVersionState.Disabled);

        var result = await VerifyAsync(manifest);

        Assert.Equal(SignetErrorCode.KeyVersionDisabled, result.Code);
        Assert.Equal(["integrity"], result.PassedChecks);
        Assert.Equal("v1", result.Signer!.KeyVersion);
    }

    [Fact]
    public async Task Verify_VersionDisabledAfterCaching_TakesEffectAfterCacheDuration()
    {
        var manifest = await SignAsync();
        var verifier = Verifier(new VaultVerifierOptions { PublicKeyCacheDuration = TimeSpan.FromSeconds(30) });
        Assert.True((await VerifyAsync(manifest, verifier)).IsValid);
        await _keys.Vault.RotateKeyAsync(KeyId);
        await _keys.Vault.SetVersionStateAsync(KeyId, "v1", KeyVersionState.Disabled);

        var cached = await VerifyAsync(manifest, verifier);
        _time.Advance(TimeSpan.FromSeconds(31));
        var refreshed = await VerifyAsync(manifest, verifier);

        Assert.True(cached.IsValid);
        Assert.Equal(SignetErrorCode.KeyVersionDisabled, refreshed.Code);
    }

    [Fact]
    public async Task Verify_OlderEnabledVersionAfterRotation_Verified()
    {
        var manifest = await SignAsync();
        await _keys.Vault.RotateKeyAsync(KeyId);

        Assert.True((await VerifyAsync(manifest)).IsValid);
    }

    [Fact]
    public async Task Verify_VersionAnnotationSwapped_SignatureInvalid()
    {
        var manifest = await SignAsync();
        await _keys.Vault.RotateKeyAsync(KeyId);
        var swapped = Rebuild(manifest, annotations: a => a[VaultSignatureArtifact.KeyVersionAnnotation] = "v2");

        var result = await VerifyAsync(swapped);

        Assert.Equal(SignetErrorCode.SignatureInvalid, result.Code);
    }

    [Fact]
    public async Task Verify_UnknownVersion_SignatureInvalid()
    {
        var result = await VerifyAsync(Rebuild(await SignAsync(), annotations: a => a[VaultSignatureArtifact.KeyVersionAnnotation] = "v9"));

        Assert.Equal(SignetErrorCode.SignatureInvalid, result.Code);
        Assert.Contains("cannot provide", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnknownAlgorithm_UnsupportedAlgorithm()
    {
        var result = await VerifyAsync(Rebuild(await SignAsync(), annotations: a => a[VaultSignatureArtifact.AlgorithmAnnotation] = "MD5_RSA"));

        Assert.Equal(SignetErrorCode.UnsupportedAlgorithm, result.Code);
    }

    [Fact]
    public async Task Verify_AlgorithmNotFittingKey_UnsupportedAlgorithm()
    {
        var result = await VerifyAsync(Rebuild(await SignAsync(), annotations: a => a[VaultSignatureArtifact.AlgorithmAnnotation] = "SHA_256_RSA_PKCS_PSS"));

        Assert.Equal(SignetErrorCode.UnsupportedAlgorithm, result.Code);
    }

    [Fact]
    public async Task Verify_MissingAnnotation_SignatureMalformed()
    {
        var result = await VerifyAsync(Rebuild(await SignAsync(), annotations: a => a.Remove(VaultSignatureArtifact.KeyIdAnnotation)));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Fact]
    public async Task Verify_SignatureNotBase64_SignatureMalformed()
    {
        var result = await VerifyAsync(Rebuild(await SignAsync(), signature: "%%%"));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Empty(_repository.FetchedBlobs);
    }

    [Fact]
    public async Task Verify_OversizedMessage_SignatureTooLargeWithoutReading()
    {
        var result = await VerifyAsync(await SignAsync(), Verifier(new VaultVerifierOptions { MaxMessageBytes = 64 }));

        Assert.Equal(SignetErrorCode.SignatureTooLarge, result.Code);
        Assert.Empty(_repository.FetchedBlobs);
    }

    [Fact]
    public async Task Verify_OversizedSignatureAnnotation_SignatureTooLarge()
    {
        var result = await VerifyAsync(Rebuild(await SignAsync(), signature: new string('A', 8200)));

        Assert.Equal(SignetErrorCode.SignatureTooLarge, result.Code);
    }

    [Fact]
    public async Task Verify_TamperedMessageInRepository_DigestMismatch()
    {
        var manifest = await SignAsync();
        _repository.ReplaceBlob(manifest.Manifest!.Layers[0].Digest, Encoding.ASCII.GetBytes(new string('x', (int)manifest.Manifest.Layers[0].Size)));

        var result = await VerifyAsync(manifest);

        Assert.Equal(SignetErrorCode.DigestMismatch, result.Code);
    }

    [Fact]
    public async Task Verify_TwoLayers_SignatureMalformed()
    {
        var manifest = await SignAsync();
        var extra = _repository.AddBlob(VaultSignatureArtifact.MessageMediaType, "{}"u8.ToArray());

        var result = await VerifyAsync(Rebuild(manifest, layers: l => l.Add(extra)));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Fact]
    public async Task Verify_SignedNonCanonicalMessage_SignatureMalformed()
    {
        var message = "{\"imageDigest\":\"" + s_subject.Digest + "\",\"description\":\"\",\"kmsKeyId\":\"signet:release\",\"kmsKeyVersionId\":\"v1\",\"metadata\":\"\",\"region\":\"local\",\"repositoryName\":\"team/app\",\"signingAlgorithm\":\"ECDSA_SHA_256\"}";

        var result = await VerifyAsync(await SignRawAsync(Encoding.UTF8.GetBytes(message)));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("canonical form", result.Message, StringComparison.Ordinal);
        Assert.Equal(["integrity", "authenticity"], result.PassedChecks);
    }

    [Fact]
    public async Task Verify_SignedMessageWithBadMetadata_SignatureMalformed()
    {
        var message = Message() with { Metadata = "{\"z\":\"1\",\"a\":\"2\"}" };

        var result = await VerifyAsync(await SignRawAsync(message.ToBytes()));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("not sorted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignedMessageNotJson_SignatureMalformed()
    {
        var result = await VerifyAsync(await SignRawAsync("not json"u8.ToArray()));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Fact]
    public async Task Verify_MessageNamesOtherKeyThanAnnotations_SignatureInvalid()
    {
        var message = Message() with { KmsKeyId = "signet:other" };

        var result = await VerifyAsync(await SignRawAsync(message.ToBytes()));

        Assert.Equal(SignetErrorCode.SignatureInvalid, result.Code);
        Assert.Contains("disagree", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RegionNotAllowed_SubjectMismatch()
    {
        var result = await VerifyAsync(await SignAsync(), Verifier(new VaultVerifierOptions { AllowedRegions = ["us-phoenix-1"] }));

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
        Assert.Contains("'local'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanVerify_CosignAttachment_False()
    {
        var manifest = new ImageManifest { Config = Descriptor.EmptyJson, Layers = [Descriptor.For(MediaTypes.CosignSimpleSigning, "{}"u8)] };

        Assert.False(Verifier().CanVerify(manifest));
    }

    [Fact]
    public void Constructor_NoTrustedKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => new VaultSignatureVerifier([], _keys.Vault));
    }

    private VaultSignatureVerifier Verifier(VaultVerifierOptions? options = null) =>
        new([new TrustedVaultKey(KeyId)], _keys.Vault, options ?? new VaultVerifierOptions { PublicKeyCacheDuration = TimeSpan.Zero }, _time);

    private async Task<ManifestContent> SignAsync(string keyId = KeyId)
    {
        var artifact = await new VaultSignatureSigner(timeProvider: _time).SignAsync(new SigningRequest { Subject = s_subject, Image = s_image, Keys = _keys.Vault, KeyId = keyId });
        return await SignatureStore.PushAsync(_repository, s_subject, artifact);
    }

    private async Task<ManifestContent> SignRawAsync(byte[] message)
    {
        var signature = await _keys.Vault.SignAsync(KeyId, "v1", SigningAlgorithm.EcdsaSha256, message);
        var der = EcdsaSignatureEncoding.P1363ToDer(signature.Signature);
        var layer = _repository.AddBlob(VaultSignatureArtifact.MessageMediaType, message) with
        {
            Annotations = new Dictionary<string, string> { [VaultSignatureArtifact.SignatureAnnotation] = Convert.ToBase64String(der) },
        };
        var template = (await SignAsync()).Manifest!;
        return Push(template with { Layers = [layer] });
    }

    private ManifestContent Rebuild(ManifestContent content, Action<Dictionary<string, string>>? annotations = null, string? signature = null, Action<List<Descriptor>>? layers = null)
    {
        var manifest = content.Manifest!;
        var newAnnotations = new Dictionary<string, string>(manifest.Annotations!);
        annotations?.Invoke(newAnnotations);
        var newLayers = manifest.Layers.ToList();
        if (signature is not null)
        {
            newLayers[0] = newLayers[0] with { Annotations = new Dictionary<string, string> { [VaultSignatureArtifact.SignatureAnnotation] = signature } };
        }

        layers?.Invoke(newLayers);
        return Push(manifest with { Annotations = newAnnotations, Layers = newLayers });
    }

    private ManifestContent Push(ImageManifest manifest)
    {
        var content = ManifestContent.Create(manifest);
        _repository.PushManifestAsync(content).GetAwaiter().GetResult();
        return content;
    }

    private static VaultSignatureMessage Message() => new()
    {
        Description = string.Empty,
        ImageDigest = s_subject.Digest.ToString(),
        KmsKeyId = KeyId,
        KmsKeyVersionId = "v1",
        Metadata = string.Empty,
        Region = "local",
        RepositoryName = "team/app",
        SigningAlgorithm = "ECDSA_SHA_256",
    };

    private async Task<SignatureVerificationResult> VerifyAsync(ManifestContent manifest, VaultSignatureVerifier? verifier = null, Descriptor? subject = null, ImageReference? image = null)
    {
        var results = await (verifier ?? Verifier()).VerifyAsync(new SignatureVerificationContext
        {
            Subject = subject ?? s_subject,
            Image = image ?? s_image,
            SignatureManifest = manifest,
            Repository = _repository,
        });
        return Assert.Single(results);
    }
}
