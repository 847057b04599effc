using System.Text;
using Microsoft.Extensions.Time.Testing;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Layout;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Envelopes;
using static Signet.UnitTests.Signatures.Notation.NotationTestPki;

namespace Signet.UnitTests.Signatures.Notation;

/// <summary>Every kind of bad input is a failed result with its own code, never an exception.</summary>
public sealed class NotationVerifierBadInputTests : IDisposable
{
    private readonly Pki _pki = Create();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _pki.Dispose();

    private SignatureVerificationResult Verify(byte[] envelope, string mediaType = MediaTypes.JoseJson, Descriptor? subject = null, string level = "strict") =>
        Verifier(_pki, _time, level).VerifyEnvelope(envelope, mediaType, subject ?? Subject, Repository);

    [Theory]
    [InlineData(MediaTypes.JoseJson)]
    [InlineData(MediaTypes.Cose)]
    public void WellFormedEnvelope_Verifies(string mediaType)
    {
        var envelope = mediaType == MediaTypes.Cose ? Cose(_pki, Request(_pki)) : Jws(_pki, Request(_pki));

        var result = Verify(envelope, mediaType);

        Assert.True(result.IsValid, result.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"payload\":\"e30\"}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"e30\",\"signature\":\"AA\",\"header\":{}}")]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"e30\",\"signature\":\"AA\",\"header\":{\"x5c\":[\"!!\"]}}")]
    [InlineData("{\"payload\":\"e30\",\"payload\":\"e30\"}")]
    public void MalformedJws_IsSignatureMalformed(string envelope)
    {
        var result = Verify(Encoding.UTF8.GetBytes(envelope));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("D2")]
    [InlineData("D284")]
    [InlineData("D28440A0F640")]
    [InlineData("8440A0F640")]
    [InlineData("D2845828")]
    public void MalformedCose_IsSignatureMalformed(string hex)
    {
        var result = Verify(Convert.FromHexString(hex), MediaTypes.Cose);

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Fact]
    public void TruncatedEnvelopes_NeverThrowNorVerify()
    {
        var jws = Jws(_pki, Request(_pki));
        var cose = Cose(_pki, Request(_pki));

        for (var length = 0; length < cose.Length; length += 7)
        {
            Assert.False(Verify(cose[..length], MediaTypes.Cose).IsValid);
        }

        for (var length = 0; length < jws.Length; length += 11)
        {
            Assert.False(Verify(jws[..length]).IsValid);
        }
    }

    [Theory]
    [InlineData(MediaTypes.JoseJson)]
    [InlineData(MediaTypes.Cose)]
    public void UnknownCriticalHeader_IsRejected(string mediaType)
    {
        var request = Request(_pki, a => a.Add(new SignedAttribute("com.example.mustUnderstand", "yes", Critical: true)));
        var envelope = mediaType == MediaTypes.Cose ? Cose(_pki, request) : Jws(_pki, request);

        var result = Verify(envelope, mediaType, level: "audit");

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.UnknownCriticalHeader, result.Code);
        Assert.Contains("com.example.mustUnderstand", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNonCriticalHeader_IsIgnored()
    {
        var envelope = Jws(_pki, Request(_pki, a => a.Add(new SignedAttribute("com.example.note", "fyi", Critical: false))));

        Assert.True(Verify(envelope).IsValid);
    }

    [Fact]
    public void CritNamingAMissingHeader_IsMalformed()
    {
        var header = $$"""{"alg":"ES256","crit":["io.cncf.notary.signingScheme","com.example.absent"],"cty":"application/vnd.cncf.notary.payload.v1+json","io.cncf.notary.signingScheme":"notary.x509","io.cncf.notary.signingTime":"2026-03-01T11:00:00Z"}""";

        var result = Verify(JwsWithHeader(_pki, header, NotationAlgorithm.ES256));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
        Assert.Contains("marked critical but is not present", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("none")]
    [InlineData("HS256")]
    public void UnsupportedAlgorithm_IsRejected(string alg)
    {
        var header = $$"""{"alg":"{{alg}}","crit":["io.cncf.notary.signingScheme"],"cty":"application/vnd.cncf.notary.payload.v1+json","io.cncf.notary.signingScheme":"notary.x509","io.cncf.notary.signingTime":"2026-03-01T11:00:00Z"}""";

        var result = Verify(JwsWithHeader(_pki, header, NotationAlgorithm.ES256));

        Assert.False(result.IsValid);
        Assert.Equal(SignetErrorCode.UnsupportedAlgorithm, result.Code);
    }

    [Fact]
    public void AlgorithmNotMatchingKey_IsRejected()
    {
        var envelope = Jws(_pki, Request(_pki, algorithm: NotationAlgorithm.ES384));

        var result = Verify(envelope);

        Assert.Equal(SignetErrorCode.UnsupportedAlgorithm, result.Code);
        Assert.Contains("requires ES256", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainOutOfOrder_IsRejected()
    {
        var envelope = Jws(_pki, Request(_pki, chain: [_pki.Leaf, _pki.Ca, _pki.Leaf]));

        var result = Verify(envelope);

        Assert.Equal(SignetErrorCode.CertificateChainInvalid, result.Code);
    }

    [Fact]
    public void ChainWithoutRoot_IsRejected()
    {
        var envelope = Jws(_pki, Request(_pki, chain: [_pki.Leaf]));

        var result = Verify(envelope);

        Assert.Equal(SignetErrorCode.CertificateChainInvalid, result.Code);
        Assert.Contains("self-signed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainWithRootFirst_IsRejected()
    {
        // The leaf key still signs, so only the chain order is wrong.
        var request = Request(_pki, chain: [_pki.Ca, _pki.Leaf]);
        var result = Verify(Jws(_pki, request));

        Assert.False(result.IsValid);
        Assert.Contains(result.Code, new[] { SignetErrorCode.CertificateChainInvalid, SignetErrorCode.SignatureInvalid });
    }

    [Fact]
    public void ChainLongerThanLimit_IsRejected()
    {
        var envelope = Jws(_pki, Request(_pki, chain: Enumerable.Repeat(_pki.Ca, 11).Prepend(_pki.Leaf)));

        Assert.Equal(SignetErrorCode.CertificateChainInvalid, Verify(envelope).Code);
    }

    [Theory]
    [InlineData(MediaTypes.JoseJson)]
    [InlineData(MediaTypes.Cose)]
    public void ExpiredSignature_IsSignatureExpired(string mediaType)
    {
        var request = Request(_pki, expiry: Now.AddMinutes(1));
        var envelope = mediaType == MediaTypes.Cose ? Cose(_pki, request) : Jws(_pki, request);
        _time.Advance(TimeSpan.FromMinutes(2));

        var result = Verify(envelope, mediaType);

        Assert.Equal(SignetErrorCode.SignatureExpired, result.Code);
    }

    [Fact]
    public void PayloadForAnotherDigest_IsSubjectMismatch()
    {
        var other = Subject with { Digest = Digest.Compute("other"u8) };

        var result = Verify(Jws(_pki, Request(_pki)), subject: other);

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
    }

    [Fact]
    public void PayloadForAnotherSize_IsSubjectMismatch()
    {
        var result = Verify(Cose(_pki, Request(_pki)), MediaTypes.Cose, Subject with { Size = 20 });

        Assert.Equal(SignetErrorCode.SignatureSubjectMismatch, result.Code);
    }

    [Fact]
    public void PayloadWithoutTargetArtifact_IsMalformed()
    {
        var result = Verify(Jws(_pki, Request(_pki, payload: "{\"target\":{}}"u8.ToArray())));

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Fact]
    public void OversizedEnvelope_IsSignatureTooLarge()
    {
        var verifier = Verifier(_pki, _time, options: new NotationVerifierOptions { MaxEnvelopeBytes = 100 });

        var result = verifier.VerifyEnvelope(Jws(_pki, Request(_pki)), MediaTypes.JoseJson, Subject, Repository);

        Assert.Equal(SignetErrorCode.SignatureTooLarge, result.Code);
    }

    [Fact]
    public void WrongEnvelopeMediaType_IsUnsupportedMediaType()
    {
        var result = Verify(Jws(_pki, Request(_pki)), "application/octet-stream");

        Assert.Equal(SignetErrorCode.UnsupportedMediaType, result.Code);
    }

    [Fact]
    public void RepositoryOutsidePolicy_IsNoPolicyMatch()
    {
        var result = Verifier(_pki, _time).VerifyEnvelope(Jws(_pki, Request(_pki)), MediaTypes.JoseJson, Subject, "other.example.com/app");

        Assert.Equal(SignetErrorCode.NoPolicyMatch, result.Code);
    }

    [Theory]
    [InlineData(MediaTypes.JoseJson)]
    [InlineData(MediaTypes.Cose)]
    public void TamperedSignatureOrPayload_IsSignatureInvalid(string mediaType)
    {
        var envelope = mediaType == MediaTypes.Cose ? Cose(_pki, Request(_pki)) : Jws(_pki, Request(_pki));
        var content = mediaType == MediaTypes.Cose ? CoseEnvelope.TryParse(envelope, 10, out _)! : JwsEnvelope.TryParse(envelope, 10, out _)!;

        foreach (var region in new[] { content.Signature, content.Payload })
        {
            var tampered = TamperFirst(envelope, region.Span, mediaType);

            var result = Verify(tampered, mediaType);

            Assert.False(result.IsValid);
            Assert.Equal(SignetErrorCode.SignatureInvalid, result.Code);
        }
    }

    [Fact]
    public void EveryByteOfCoseProtectedHeaderTampered_NeverVerifies()
    {
        var request = Request(_pki);
        var protectedHeader = CoseEnvelope.BuildProtectedHeader(request);
        var envelope = Cose(_pki, request);
        var start = envelope.AsSpan().IndexOf(protectedHeader);

        for (var i = start; i < start + protectedHeader.Length; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[i] ^= 0x01;

            var result = Verify(tampered, MediaTypes.Cose);

            Assert.False(result.IsValid);
            Assert.Contains(result.Code, new[] { SignetErrorCode.SignatureInvalid, SignetErrorCode.SignatureMalformed, SignetErrorCode.UnsupportedAlgorithm });
        }
    }

    [Fact]
    public void EveryCharacterOfJwsProtectedHeaderTampered_NeverVerifies()
    {
        var envelope = Jws(_pki, Request(_pki));
        var text = Encoding.UTF8.GetString(envelope);
        var protectedText = System.Text.Json.JsonDocument.Parse(envelope).RootElement.GetProperty("protected").GetString()!;
        var start = text.IndexOf(protectedText, StringComparison.Ordinal);

        for (var i = start; i < start + protectedText.Length - 1; i++)
        {
            var chars = text.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';

            var result = Verify(Encoding.UTF8.GetBytes(chars), MediaTypes.JoseJson);

            Assert.False(result.IsValid);
            Assert.Contains(result.Code, new[] { SignetErrorCode.SignatureInvalid, SignetErrorCode.SignatureMalformed, SignetErrorCode.UnsupportedAlgorithm });
        }
    }

    [Fact]
    public async Task ManifestWithTwoLayers_IsMalformed()
    {
        var layer = Descriptor.For(MediaTypes.JoseJson, "{}"u8);
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = MediaTypes.NotarySignature,
            Config = Descriptor.EmptyJson,
            Layers = [layer, layer],
            Subject = Subject,
        });

        var result = await VerifyManifestAsync(manifest);

        Assert.Equal(SignetErrorCode.SignatureMalformed, result.Code);
    }

    [Fact]
    public async Task ManifestOfAnotherArtifactType_IsUnsupportedMediaType()
    {
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = "application/vnd.example.sbom",
            Config = Descriptor.EmptyJson,
            Layers = [Descriptor.For(MediaTypes.JoseJson, "{}"u8)],
            Subject = Subject,
        });

        var result = await VerifyManifestAsync(manifest);

        Assert.Equal(SignetErrorCode.UnsupportedMediaType, result.Code);
        Assert.False(Verifier(_pki, _time).CanVerify(manifest.Manifest!));
    }

    [Fact]
    public async Task ManifestDeclaringHugeEnvelope_IsRejectedBeforeReading()
    {
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = MediaTypes.NotarySignature,
            Config = Descriptor.EmptyJson,
            Layers = [new Descriptor { MediaType = MediaTypes.Cose, Digest = Digest.Compute("x"u8), Size = 1L << 40 }],
            Subject = Subject,
        });

        var result = await VerifyManifestAsync(manifest);

        Assert.Equal(SignetErrorCode.SignatureTooLarge, result.Code);
    }

    private async Task<SignatureVerificationResult> VerifyManifestAsync(ManifestContent manifest)
    {
        var directory = Directory.CreateTempSubdirectory("signet-notation-bad-");
        try
        {
            var results = await Verifier(_pki, _time).VerifyAsync(new SignatureVerificationContext
            {
                Subject = Subject,
                Image = ImageReference.Parse($"{Repository}@{Subject.Digest}"),
                SignatureManifest = manifest,
                Repository = new OciLayoutStore(directory.FullName),
            });
            var result = Assert.Single(results);
            Assert.False(result.IsValid);
            return result;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static byte[] TamperFirst(byte[] envelope, ReadOnlySpan<byte> decodedRegion, string mediaType)
    {
        var tampered = (byte[])envelope.Clone();
        if (mediaType == MediaTypes.Cose)
        {
            var offset = envelope.AsSpan().IndexOf(decodedRegion);
            tampered[offset + (decodedRegion.Length / 2)] ^= 0x01;
            return tampered;
        }

        // JWS: change one base64url character in the middle of the encoded member (never the last, whose low bits may be unused).
        var encoded = System.Buffers.Text.Base64Url.EncodeToString(decodedRegion);
        var text = Encoding.UTF8.GetString(envelope);
        var index = text.IndexOf(encoded, StringComparison.Ordinal) + (encoded.Length / 2);
        var chars = text.ToCharArray();
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        return Encoding.UTF8.GetBytes(chars);
    }
}
