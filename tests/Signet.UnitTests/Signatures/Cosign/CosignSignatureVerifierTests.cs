using System.Security.Cryptography;
using System.Text;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Signatures.Cosign;

namespace Signet.UnitTests.Signatures.Cosign;

public sealed class CosignSignatureVerifierTests : IDisposable
{
    private readonly CosignTestImage _image = new();

    public void Dispose() => _image.Dispose();

    [Fact]
    public async Task Verify_ValidEcdsaSignature_Verified()
    {
        _image.AddSignature(_image.ValidPayload());

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SignatureVerificationResult.Verified, result.Code);
        Assert.Equal(SignatureFormat.Cosign, result.Format);
        Assert.Equal("ECDSA_SHA_256", result.Algorithm);
        Assert.Equal(_image.TrustedKey.Key.Fingerprint, result.Signer!.KeyId);
        Assert.Equal(["integrity", "authenticity", "subject"], result.PassedChecks);
        Assert.Equal(_image.Attachment!.Digest, result.SignatureDigest);
    }

    [Fact]
    public async Task Verify_RsaPkcs1Signature_Verified()
    {
        using var rsa = RSA.Create(2048);
        var payload = _image.ValidPayload();
        _image.AddSignature(payload, Convert.ToBase64String(rsa.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        var verifier = new CosignSignatureVerifier([new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo()), "rsa-key")]);

        var result = Assert.Single(await verifier.VerifyAsync(_image.Context()));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("SHA_256_RSA_PKCS1_V1_5", result.Algorithm);
        Assert.Equal("rsa-key", result.Signer!.KeyId);
    }

    [Fact]
    public async Task Verify_RsaPssSignature_SignatureInvalid()
    {
        using var rsa = RSA.Create(2048);
        var payload = _image.ValidPayload();
        _image.AddSignature(payload, Convert.ToBase64String(rsa.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)));
        var verifier = new CosignSignatureVerifier([new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo()))]);

        Assert.Equal(SignetErrorCode.SignatureInvalid, Assert.Single(await verifier.VerifyAsync(_image.Context())).Code);
    }

    [Fact]
    public async Task Verify_MalformedPayloadJson_SignatureMalformed()
    {
        _image.AddSignature("{\"critical\":"u8.ToArray());

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("not valid JSON", result.Message, StringComparison.Ordinal);
        Assert.Equal(["integrity", "authenticity"], result.PassedChecks);
    }

    [Fact]
    public async Task Verify_MissingCriticalField_SignatureMalformed()
    {
        var payload = Encoding.UTF8.GetString(_image.ValidPayload()).Replace("\"type\":\"cosign container image signature\"", "\"x\":1", StringComparison.Ordinal);
        _image.AddSignature(Encoding.UTF8.GetBytes(payload));

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("unknown field 'x'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongCriticalType_SignatureMalformed()
    {
        var payload = Encoding.UTF8.GetString(_image.ValidPayload()).Replace("cosign container image signature", "atomic container signature", StringComparison.Ordinal);
        _image.AddSignature(Encoding.UTF8.GetBytes(payload));

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("critical.type is 'atomic container signature'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignatureNotBase64_SignatureMalformedWithoutFetching()
    {
        _image.AddSignature(_image.ValidPayload(), "not base64!");

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("not base64", result.Message, StringComparison.Ordinal);
        Assert.Empty(_image.Repository.FetchedBlobs);
    }

    [Fact]
    public async Task Verify_NoSignatureAnnotation_SignatureMalformed()
    {
        _image.AddSignature(_image.ValidPayload(), withAnnotation: false);

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains(CosignAttachment.SignatureAnnotation, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OversizedLayer_SignatureTooLargeWithoutFetching()
    {
        var payload = _image.ValidPayload();
        _image.AddSignature(payload);
        var verifier = Verifier(new CosignVerifierOptions { MaxPayloadBytes = payload.Length - 1 });

        var result = Assert.Single(await verifier.VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureTooLarge, result.Code);
        Assert.Empty(_image.Repository.FetchedBlobs);
    }

    [Fact]
    public async Task Verify_OversizedSignatureAnnotation_SignatureTooLarge()
    {
        _image.AddSignature(_image.ValidPayload(), new string('A', 9000));

        Assert.Equal(SignetErrorCode.SignatureTooLarge, Assert.Single(await Verifier().VerifyAsync(_image.Context())).Code);
    }

    [Fact]
    public async Task Verify_MoreSignaturesThanLimit_OneTooManySignaturesResultAndNoFetch()
    {
        for (var i = 0; i < 4; i++)
        {
            _image.AddSignature(CosignPayload.Create(_image.Image.Name, _image.Subject.Digest, new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }

        var result = Assert.Single(await Verifier(new CosignVerifierOptions { MaxSignatures = 3 }).VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.TooManySignatures, result.Code);
        Assert.Contains("4 signatures; the limit is 3", result.Message, StringComparison.Ordinal);
        Assert.Empty(_image.Repository.FetchedBlobs);
    }

    [Fact]
    public async Task Verify_SignatureByOtherKey_SignatureInvalid()
    {
        _image.AddSignature(_image.ValidPayload());
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verifier = new CosignSignatureVerifier([new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(other.ExportSubjectPublicKeyInfo()))]);

        var result = Assert.Single(await verifier.VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureInvalid, result.Code);
        Assert.Empty(result.PassedChecks);
    }

    [Fact]
    public async Task Verify_SignatureOverOtherBytes_SignatureInvalid()
    {
        _image.AddSignature(_image.ValidPayload(), Convert.ToBase64String(_image.Sign(_image.ValidPayload(reference: "registry.example/other"))));

        Assert.Equal(SignetErrorCode.SignatureInvalid, Assert.Single(await Verifier().VerifyAsync(_image.Context())).Code);
    }

    [Fact]
    public async Task Verify_SignatureCopiedToOtherImage_SubjectMismatch()
    {
        _image.AddSignature(_image.ValidPayload());
        var otherImage = Descriptor.For(MediaTypes.OciManifest, "{\"other\":true}"u8);

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context(subject: otherImage)));

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
        Assert.Contains(otherImage.Digest.ToString(), result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_InvalidDigestInPayload_SignatureMalformed()
    {
        var payload = Encoding.UTF8.GetString(_image.ValidPayload()).Replace(_image.Subject.Digest.ToString(), "sha256:XYZ", StringComparison.Ordinal);
        _image.AddSignature(Encoding.UTF8.GetBytes(payload));

        Assert.Equal(SignetErrorCode.SignatureMalformed, Assert.Single(await Verifier().VerifyAsync(_image.Context())).Code);
    }

    [Fact]
    public async Task Verify_TamperedPayloadInRepository_DigestMismatchAndOthersStillVerified()
    {
        var tampered = _image.AddSignature(_image.ValidPayload(reference: "registry.example/team/app:v0"));
        _image.AddSignature(_image.ValidPayload());
        _image.Repository.ReplaceBlob(tampered.Digest, "{}"u8.ToArray());

        var results = await Verifier().VerifyAsync(_image.Context());

        Assert.Equal([SignetErrorCode.DigestMismatch, SignatureVerificationResult.Verified], results.Select(r => r.Code));
    }

    [Fact]
    public async Task Verify_PayloadBlobMissing_BlobNotFound()
    {
        var payload = _image.ValidPayload();
        var layer = Descriptor.For(CosignPayload.MediaType, payload) with
        {
            Annotations = new Dictionary<string, string> { [CosignAttachment.SignatureAnnotation] = Convert.ToBase64String(_image.Sign(payload)) },
        };
        var attachment = CosignAttachment.Append(null, layer, payload).Manifest;

        Assert.Equal(SignetErrorCode.BlobNotFound, Assert.Single(await Verifier().VerifyAsync(_image.Context(attachment))).Code);
    }

    [Fact]
    public async Task Verify_OneGoodOneBadSignature_OneResultEach()
    {
        _image.AddSignature(_image.ValidPayload(), Convert.ToBase64String(new byte[70]));
        _image.AddSignature(_image.ValidPayload(reference: "registry.example/team/app:v1"));

        var results = await Verifier().VerifyAsync(_image.Context());

        Assert.Equal(2, results.Count);
        Assert.Equal(SignetErrorCode.SignatureInvalid, results[0].Code);
        Assert.True(results[1].IsValid, results[1].Message);
    }

    [Fact]
    public async Task Verify_OnlyNonSignatureLayers_SignatureNotFound()
    {
        _image.AddSignature("hello"u8.ToArray(), mediaType: "text/plain");

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.Equal(SignetErrorCode.SignatureNotFound, result.Code);
        Assert.Contains("1 non-signature attachments", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_IndexInsteadOfManifest_SignatureMalformed()
    {
        var index = ManifestContent.Create(new ImageIndex { MediaType = MediaTypes.OciIndex });

        Assert.Equal(SignetErrorCode.SignatureMalformed, Assert.Single(await Verifier().VerifyAsync(_image.Context(index))).Code);
    }

    [Fact]
    public async Task Verify_PayloadAsOci11Referrer_Verified()
    {
        var payload = _image.ValidPayload();
        var layer = _image.AddSignature(payload);
        var config = _image.Repository.AddBlob(MediaTypes.OciEmpty, "{}"u8.ToArray());
        var referrer = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = CosignAttachment.ReferrerArtifactType,
            Config = config,
            Layers = [layer],
            Subject = _image.Subject,
        });

        Assert.True(Verifier().CanVerify(referrer.Manifest!));
        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context(referrer)));
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public async Task Verify_TimestampInOptional_ReportedAsSigningTime()
    {
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_image.ValidPayload()).Replace("\"optional\":null", "\"optional\":{\"timestamp\":1657296609}", StringComparison.Ordinal));
        _image.AddSignature(payload);

        var result = Assert.Single(await Verifier().VerifyAsync(_image.Context()));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1657296609), result.SigningTime);
    }

    public static TheoryData<CosignIdentityMatch, string, string, bool> IdentityCases() => new()
    {
        { CosignIdentityMatch.None, "registry.example/team/app:v1", "elsewhere.example/x", true },
        { CosignIdentityMatch.MatchRepository, "registry.example/team/app:v1", "registry.example/team/app", true },
        { CosignIdentityMatch.MatchRepository, "registry.example/team/app:v1", "registry.example/team/other", false },
        { CosignIdentityMatch.MatchRepository, "docker.io/library/busybox:1", "index.docker.io/library/busybox", true },
        { CosignIdentityMatch.MatchRepository, "docker.io/library/busybox:1", "busybox", true },
        { CosignIdentityMatch.MatchExact, "registry.example/team/app:v1", "registry.example/team/app:v1", true },
        { CosignIdentityMatch.MatchExact, "registry.example/team/app:v1", "registry.example/team/app:v2", false },
        { CosignIdentityMatch.MatchExact, "registry.example/team/app:v1", "registry.example/team/app", false },
        { CosignIdentityMatch.MatchRepoDigestOrExact, "registry.example/team/app:v1", "registry.example/team/app:v1", true },
        { CosignIdentityMatch.MatchRepoDigestOrExact, "registry.example/team/app:v2", "registry.example/team/app:v1", false },
        { CosignIdentityMatch.MatchRepoDigestOrExact, "registry.example/team/app@" + DigestOf("m"), "registry.example/team/app:v1", true },
        { CosignIdentityMatch.MatchRepoDigestOrExact, "registry.example/team/app@" + DigestOf("m"), "registry.example/team/app", false },
        { CosignIdentityMatch.MatchRepoDigestOrExact, "registry.example/team/app@" + DigestOf("m"), "registry.example/other:v1", false },
        { CosignIdentityMatch.MatchRepository, "registry.example/team/app:v1", "Not A Reference", false },
    };

    [Theory]
    [MemberData(nameof(IdentityCases))]
    public async Task Verify_IdentityRule_AcceptsPerContainersImage(CosignIdentityMatch rule, string image, string signedReference, bool accepted)
    {
        _image.AddSignature(_image.ValidPayload(reference: signedReference));

        var result = Assert.Single(await Verifier(new CosignVerifierOptions { IdentityMatch = rule }).VerifyAsync(_image.Context(image: ImageReference.Parse(image))));

        Assert.Equal(accepted, result.IsValid);
        Assert.Equal(accepted ? SignatureVerificationResult.Verified : SignetErrorCode.SignatureSubjectMismatch, result.Code);
    }

    [Fact]
    public void CanVerify_NotationManifest_False()
    {
        var manifest = new ImageManifest { ArtifactType = MediaTypes.NotarySignature, Config = Descriptor.EmptyJson, Layers = [Descriptor.For(MediaTypes.JoseJson, "{}"u8)] };

        Assert.False(Verifier().CanVerify(manifest));
    }

    [Fact]
    public void Constructor_NoKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CosignSignatureVerifier([]));
    }

    private CosignSignatureVerifier Verifier(CosignVerifierOptions? options = null) => new([_image.TrustedKey], options);

    private static string DigestOf(string text) => Digest.Compute(Encoding.UTF8.GetBytes(text)).ToString();
}
