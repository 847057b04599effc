using Signet.Core.Errors;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Testing;

namespace Signet.ConformanceTests.Cosign;

/// <summary>
/// containers/image <c>signature/fixtures</c> sigstore cases (shared/vectors/containers-image/README.md): every
/// <c>dir-img-cosign-*</c> image reaches the outcome containers/image's <c>policy_eval_sigstore_test.go</c> expects.
/// </summary>
public sealed class ContainersImageVectorTests
{
    private const string Fixtures = "containers-image/signature/fixtures";
    private const string SingleSample = "192.168.64.2:5000/cosign-signed-single-sample";

    /// <summary>
    /// Case: directory, trusted key files, identity rule, image reference, accepted, the code every rejected result
    /// carries (null when accepted). Every <c>dir-img-*</c> directory appears at least once.
    /// </summary>
    public static TheoryData<string, string[], CosignIdentityMatch, string, bool, string?> Cases() => new()
    {
        { "dir-img-cosign-valid", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample + ":latest", true, null },
        { "dir-img-cosign-valid", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample + "@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00", true, null },
        { "dir-img-cosign-valid", ["cosign2.pub", "cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, true, null },
        { "dir-img-cosign-valid", ["cosign.pub"], CosignIdentityMatch.None, SingleSample + ":latest", true, null },
        { "dir-img-cosign-valid", ["cosign.pub"], CosignIdentityMatch.MatchExact, SingleSample + ":latest", false, SignetErrorCode.SignatureSubjectMismatch },
        { "dir-img-cosign-valid", ["cosign.pub"], CosignIdentityMatch.MatchRepoDigestOrExact, SingleSample + ":latest", false, SignetErrorCode.SignatureSubjectMismatch },
        { "dir-img-cosign-valid", ["cosign.pub"], CosignIdentityMatch.MatchRepoDigestOrExact, SingleSample + "@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00", false, SignetErrorCode.SignatureSubjectMismatch },
        { "dir-img-cosign-valid", ["cosign2.pub"], CosignIdentityMatch.MatchRepository, SingleSample, false, SignetErrorCode.SignatureInvalid },
        { "dir-img-cosign-valid", ["some-rsa-key.pub"], CosignIdentityMatch.MatchRepository, SingleSample, false, SignetErrorCode.SignatureInvalid },
        { "dir-img-cosign-valid-2", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, true, null },
        { "dir-img-cosign-mixed", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, true, null },
        { "dir-img-cosign-modified-manifest", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, false, SignetErrorCode.SignatureSubjectMismatch },
        { "dir-img-cosign-no-manifest", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, false, SignetErrorCode.ManifestNotFound },
        { "dir-img-cosign-manifest-digest-error", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, false, SignetErrorCode.InvalidManifest },
        { "dir-img-cosign-other-attachment", ["cosign.pub"], CosignIdentityMatch.MatchRepository, SingleSample, false, SignetErrorCode.SignatureNotFound },
        { "dir-img-cosign-valid-with-tag", ["cosign.pub"], CosignIdentityMatch.MatchExact, "192.168.64.2:5000/skopeo-signed:tag", true, null },
        { "dir-img-cosign-valid-with-tag", ["cosign.pub"], CosignIdentityMatch.MatchRepoDigestOrExact, "192.168.64.2:5000/skopeo-signed:tag", true, null },
        { "dir-img-cosign-valid-with-tag", ["cosign.pub"], CosignIdentityMatch.MatchExact, "192.168.64.2:5000/skopeo-signed:othertag", false, SignetErrorCode.SignatureSubjectMismatch },
        { "dir-img-cosign-valid-with-tag", ["cosign.pub"], CosignIdentityMatch.MatchRepoDigestOrExact, "192.168.64.2:5000/skopeo-signed:othertag", false, SignetErrorCode.SignatureSubjectMismatch },
        { "dir-img-cosign-key-rekor-valid", ["cosign2.pub"], CosignIdentityMatch.MatchRepository, "192.168.64.2:5000/cosign-signed/key-1", true, null },
        { "dir-img-cosign-key-rekor-valid", ["cosign.pub"], CosignIdentityMatch.MatchRepository, "192.168.64.2:5000/cosign-signed/key-1", false, SignetErrorCode.SignatureInvalid },
        { "dir-img-cosign-fulcio-rekor-valid", ["cosign.pub", "cosign2.pub"], CosignIdentityMatch.MatchRepository, "192.168.64.2:5000/cosign-signed/fulcio-rekor-1", false, SignetErrorCode.SignatureInvalid },
        { "dir-img-cosign-pki-valid", ["cosign.pub", "cosign2.pub"], CosignIdentityMatch.MatchRepository, "localhost:5000/test", false, SignetErrorCode.SignatureInvalid },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verify_ContainersImageFixture_ReachesReadmeOutcome(string directory, string[] keys, CosignIdentityMatch rule, string image, bool accepted, string? code)
    {
        var verifier = Verifier(rule, keys);
        var vector = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/{directory}"));

        var outcome = await vector.VerifyAsync(verifier, image);

        Assert.True(accepted == outcome.Accepted, $"{directory} with {string.Join("+", keys)} ({rule}, {image}): expected {(accepted ? "accepted" : "rejected")}, got {string.Join(",", outcome.Codes)}: {outcome.Messages}");
        if (code is not null)
        {
            Assert.All(outcome.Codes, c => Assert.Equal(code, c));
        }
    }

    [Fact]
    public void Cases_CoverEveryDirImage()
    {
        var covered = Cases().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var present = Directory.GetDirectories(TestVectors.Path(Fixtures), "dir-img-*").Select(Path.GetFileName).ToList();

        Assert.NotEmpty(present);
        Assert.All(present, d => Assert.Contains(d!, covered));
    }

    [Fact]
    public async Task Verify_TwoValidSignatures_TwoValidResults()
    {
        var vector = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/dir-img-cosign-valid-2"));

        var outcome = await vector.VerifyAsync(Verifier(CosignIdentityMatch.MatchRepository, "cosign.pub"), SingleSample);

        Assert.Equal([SignatureVerificationResult.Verified, SignatureVerificationResult.Verified], outcome.Codes);
    }

    [Fact]
    public async Task Verify_MixedSignatures_UnknownKeyInvalidAndValidOneAccepted()
    {
        var vector = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/dir-img-cosign-mixed"));

        var outcome = await vector.VerifyAsync(Verifier(CosignIdentityMatch.MatchRepository, "cosign.pub"), SingleSample);

        Assert.Equal([SignetErrorCode.SignatureInvalid, SignatureVerificationResult.Verified], outcome.Codes);
    }

    [Fact]
    public async Task Verify_UnknownKeySignature_RejectedWithBothKeys()
    {
        var vector = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/dir-img-cosign-valid"));
        var unknown = SigstoreDirImage.ReadSignature(TestVectors.Path($"{Fixtures}/unknown-cosign-key.signature"));
        var onlyUnknown = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/dir-img-cosign-valid"));
        Assert.Equal(vector.Signatures[0].PayloadText, unknown.PayloadText);

        var repository = new Signet.Testing.Signatures.MemoryOciRepository();
        var layer = repository.AddBlob(unknown.MimeType, unknown.Payload) with { Annotations = unknown.Annotations };
        var update = CosignAttachment.Append(null, layer, unknown.Payload);
        foreach (var blob in update.Blobs)
        {
            await repository.PushBlobAsync(blob.Descriptor, blob.Content);
        }

        var results = await Verifier(CosignIdentityMatch.MatchRepository, "cosign.pub", "cosign2.pub").VerifyAsync(new SignatureVerificationContext
        {
            Subject = onlyUnknown.Manifest!.ToDescriptor(),
            Image = Signet.Core.References.ImageReference.Parse(SingleSample),
            SignatureManifest = update.Manifest,
            Repository = repository,
        });

        Assert.Equal(SignetErrorCode.SignatureInvalid, Assert.Single(results).Code);
    }

    [Fact]
    public async Task Verify_ModifiedManifest_MessageNamesBothDigests()
    {
        var vector = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/dir-img-cosign-modified-manifest"));

        var outcome = await vector.VerifyAsync(Verifier(CosignIdentityMatch.MatchRepository, "cosign.pub"), SingleSample);

        Assert.Contains("sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00", outcome.Messages, StringComparison.Ordinal);
        Assert.Contains("sha256:d9dcafdb", outcome.Messages, StringComparison.Ordinal);
    }

    [Fact]
    public void CanVerify_OtherAttachment_False()
    {
        var signature = SigstoreDirImage.Load(TestVectors.Path($"{Fixtures}/dir-img-cosign-other-attachment")).Signatures.Single();
        var layer = Signet.Core.Oci.Descriptor.For(signature.MimeType, signature.Payload) with { Annotations = signature.Annotations };
        var manifest = CosignAttachment.Append(null, layer, signature.Payload).Manifest.Manifest!;

        Assert.Equal("text/plain", signature.MimeType);
        Assert.False(Verifier(CosignIdentityMatch.None, "cosign.pub").CanVerify(manifest));
    }

    [Theory]
    [InlineData("cosign.pub", false, 256)]
    [InlineData("cosign2.pub", false, 256)]
    [InlineData("some-rsa-key.pub", true, 4096)]
    public void FromPem_FixtureKeys_Load(string file, bool rsa, int bits)
    {
        using var key = VerificationKey.FromPem(File.ReadAllText(TestVectors.Path($"{Fixtures}/{file}")));

        Assert.Equal(rsa, key.IsRsa);
        Assert.Equal(bits, key.KeySizeInBits);
        Assert.StartsWith("sha256:", key.Fingerprint, StringComparison.Ordinal);
    }

    private static CosignSignatureVerifier Verifier(CosignIdentityMatch rule, params string[] keys) =>
        new(keys.Select(k => new CosignTrustedKey(VerificationKey.FromPem(File.ReadAllText(TestVectors.Path($"{Fixtures}/{k}"))), k)), new CosignVerifierOptions { IdentityMatch = rule });
}
