using System.Text;
using System.Text.RegularExpressions;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Testing;
using Signet.Testing.Signatures;

namespace Signet.ConformanceTests.Cosign;

/// <summary>
/// The <c>.sig</c> attachment Debian's skopeo 1.9.3 (containers/image 5.23.1) wrote to docker-registry 2.8.2
/// (shared/vectors/generated-skopeo-1.9.3-debian/README.md): Signet writes the same bytes, reads the signature and the
/// key file, and applies the README's identity matrix.
/// </summary>
public sealed partial class SkopeoCaptureVectorTests
{
    private const string Root = "generated-skopeo-1.9.3-debian";
    private const string App = Root + "/registry/signet/app";
    private const string SigManifest = App + "/manifest-sha256-971918b9cf768e28ac21fd49cc601079b834bb4c953ae176e607a75bb8cae0aa.sig.json";
    private const string ConfigBlob = App + "/blob-sha256-69661c5d4134474e1edb945e935035c9fd0176e86b4a14d5093e1f35fc2427ec.json";
    private const string PayloadBlob = App + "/blob-sha256-fb3c911c59afe4aa6e73ea14397b0ba038d1a267410a114164a31954f0710d25.json";
    private const string ImageV1 = "127.0.0.1:5056/signet/app:v1";

    [Fact]
    public void Append_CapturedSignature_WritesSkopeoBytesExactly()
    {
        var captured = ManifestContent.Parse(File.ReadAllBytes(TestVectors.Path(SigManifest)));
        var layer = Assert.Single(captured.Manifest!.Layers);
        var payload = File.ReadAllBytes(TestVectors.Path(PayloadBlob));

        var update = CosignAttachment.Append(null, CosignAttachment.CreateLayer(payload, Convert.FromBase64String(layer.Annotations![CosignAttachment.SignatureAnnotation])), payload);

        Assert.Equal(File.ReadAllBytes(TestVectors.Path(SigManifest)), update.Manifest.Bytes.ToArray());
        Assert.Equal("sha256:4be12acdd6212d472be4d62f999871b4fcb21bc1d004ad0427abf74800491cff", update.Manifest.Digest.ToString());
        Assert.Equal(File.ReadAllBytes(TestVectors.Path(ConfigBlob)), update.Blobs.Single(b => b.Descriptor.MediaType == MediaTypes.OciConfig).Content.ToArray());
        Assert.Equal(payload, update.Blobs.Single(b => b.Descriptor.MediaType == CosignPayload.MediaType).Content.ToArray());
    }

    [Fact]
    public void Append_CapturedManifestAgain_Unchanged()
    {
        var captured = ManifestContent.Parse(File.ReadAllBytes(TestVectors.Path(SigManifest)));
        var payload = File.ReadAllBytes(TestVectors.Path(PayloadBlob));

        var update = CosignAttachment.Append(captured, captured.Manifest!.Layers[0], payload);

        Assert.False(update.Changed);
    }

    [Fact]
    public void DirExport_SameSignatureAsRegistry()
    {
        var exported = SigstoreDirImage.Load(TestVectors.Path(Root + "/dir-export"));
        var layer = ManifestContent.Parse(File.ReadAllBytes(TestVectors.Path(SigManifest))).Manifest!.Layers[0];

        var signature = Assert.Single(exported.Signatures);
        Assert.Equal(File.ReadAllBytes(TestVectors.Path(PayloadBlob)), signature.Payload);
        Assert.Equal(layer.Annotations, signature.Annotations);
        Assert.Equal(File.ReadAllBytes(TestVectors.Path(App + "/manifest-v1.json")), exported.Manifest!.Bytes.ToArray());
    }

    [Theory]
    [InlineData("keys/ec-p256.pub", true)]
    [InlineData("keys/other-ec-p256.pub", false)]
    public async Task Verify_CapturedAttachment_ValidOnlyWithSigningKey(string key, bool valid)
    {
        var results = await VerifyAsync(key, CosignIdentityMatch.MatchExact, ImageV1);

        var result = Assert.Single(results);
        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? SignatureVerificationResult.Verified : SignetErrorCode.SignatureInvalid, result.Code);
        if (valid)
        {
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795497660), result.SigningTime);
        }
    }

    [Theory]
    [InlineData(ImageV1, CosignIdentityMatch.MatchExact, true)]
    [InlineData(ImageV1, CosignIdentityMatch.MatchRepoDigestOrExact, true)]
    [InlineData(ImageV1, CosignIdentityMatch.MatchRepository, true)]
    [InlineData("127.0.0.1:5056/signet/app@sha256:971918b9cf768e28ac21fd49cc601079b834bb4c953ae176e607a75bb8cae0aa", CosignIdentityMatch.MatchRepoDigestOrExact, true)]
    [InlineData("127.0.0.1:5056/signet/app@sha256:971918b9cf768e28ac21fd49cc601079b834bb4c953ae176e607a75bb8cae0aa", CosignIdentityMatch.MatchRepository, true)]
    [InlineData("127.0.0.1:5056/signet/app@sha256:971918b9cf768e28ac21fd49cc601079b834bb4c953ae176e607a75bb8cae0aa", CosignIdentityMatch.MatchExact, false)]
    [InlineData("127.0.0.1:5056/signet/app:v2", CosignIdentityMatch.MatchRepository, true)]
    [InlineData("127.0.0.1:5056/signet/app:v2", CosignIdentityMatch.MatchRepoDigestOrExact, false)]
    [InlineData("127.0.0.1:5056/signet/app:v2", CosignIdentityMatch.MatchExact, false)]
    public async Task Verify_IdentityMatrix_MatchesReadme(string image, CosignIdentityMatch rule, bool accepted)
    {
        var result = Assert.Single(await VerifyAsync("keys/ec-p256.pub", rule, image));

        Assert.Equal(accepted, result.IsValid);
    }

    [Fact]
    public async Task KeyFile_DecryptsWithPassphraseToThePublishedPublicKey()
    {
        var passphrase = File.ReadAllBytes(TestVectors.Path(Root + "/keys/passphrase"));
        using var provider = CosignKeyProvider.FromEncryptedPem(File.ReadAllText(TestVectors.Path(Root + "/keys/ec-p256.key")), passphrase);
        using var published = VerificationKey.FromPem(File.ReadAllText(TestVectors.Path(Root + "/keys/ec-p256.pub")));

        var publicKey = await provider.GetPublicKeyAsync(provider.KeyId);

        Assert.Equal(published.SubjectPublicKeyInfo.ToArray(), publicKey.SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task Sign_SameKeyAndImage_ManifestHasCapturedShape()
    {
        var passphrase = File.ReadAllBytes(TestVectors.Path(Root + "/keys/passphrase"));
        using var provider = CosignKeyProvider.FromEncryptedPem(File.ReadAllText(TestVectors.Path(Root + "/keys/ec-p256.key")), passphrase);
        var subject = ManifestContent.Parse(File.ReadAllBytes(TestVectors.Path(App + "/manifest-v1.json"))).ToDescriptor();

        var artifact = await new CosignSignatureSigner(new CosignSignerOptions { IncludeTagInIdentity = true }).SignAsync(new SigningRequest
        {
            Subject = subject,
            Image = ImageReference.Parse(ImageV1),
            Keys = provider,
            KeyId = provider.KeyId,
        });

        Assert.Equal(Shape(File.ReadAllText(TestVectors.Path(SigManifest))), Shape(Encoding.UTF8.GetString(artifact.Manifest.Bytes.Span)));
        Assert.Equal(Shape(File.ReadAllText(TestVectors.Path(ConfigBlob))), Shape(Encoding.UTF8.GetString(artifact.Blobs[1].Content.Span)));
        var payload = CosignPayload.Parse(artifact.Blobs[0].Content.Span);
        Assert.Equal(ImageV1, payload.DockerReference);
        Assert.Equal(subject.Digest.ToString(), payload.DockerManifestDigest);
        using var published = VerificationKey.FromPem(File.ReadAllText(TestVectors.Path(Root + "/keys/ec-p256.pub")));
        var repository = new MemoryOciRepository();
        var stored = await SignatureStore.PushAsync(repository, subject, artifact);
        var result = Assert.Single(await new CosignSignatureVerifier([new CosignTrustedKey(published)], new CosignVerifierOptions { IdentityMatch = CosignIdentityMatch.MatchExact })
            .VerifyAsync(new SignatureVerificationContext { Subject = subject, Image = ImageReference.Parse(ImageV1), SignatureManifest = stored, Repository = repository }));
        Assert.True(result.IsValid, result.Message);
    }

    private static async Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(string key, CosignIdentityMatch rule, string image)
    {
        var repository = new MemoryOciRepository();
        var attachment = ManifestContent.Parse(File.ReadAllBytes(TestVectors.Path(SigManifest)));
        repository.AddBlob(CosignPayload.MediaType, File.ReadAllBytes(TestVectors.Path(PayloadBlob)));
        repository.AddBlob(MediaTypes.OciConfig, File.ReadAllBytes(TestVectors.Path(ConfigBlob)));
        var verifier = new CosignSignatureVerifier(
            [new CosignTrustedKey(VerificationKey.FromPem(File.ReadAllText(TestVectors.Path($"{Root}/{key}"))))],
            new CosignVerifierOptions { IdentityMatch = rule });
        return await verifier.VerifyAsync(new SignatureVerificationContext
        {
            Subject = ManifestContent.Parse(File.ReadAllBytes(TestVectors.Path(App + "/manifest-v1.json"))).ToDescriptor(),
            Image = ImageReference.Parse(image),
            SignatureManifest = attachment,
            Repository = repository,
        });
    }

    /// <summary>The JSON with digests, sizes and base64 signatures replaced: what must not differ between two signings.</summary>
    private static string Shape(string json) =>
        Base64Value().Replace(SizeValue().Replace(DigestValue().Replace(json, "sha256:D"), "\"size\":N"), "\"dev.cosignproject.cosign/signature\":\"S\"");

    [GeneratedRegex("sha256:[0-9a-f]{64}")]
    private static partial Regex DigestValue();

    [GeneratedRegex("\"size\":[0-9]+")]
    private static partial Regex SizeValue();

    [GeneratedRegex("\"dev\\.cosignproject\\.cosign/signature\":\"[A-Za-z0-9+/=]+\"")]
    private static partial Regex Base64Value();
}
