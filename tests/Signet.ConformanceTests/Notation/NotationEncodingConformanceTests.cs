using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Envelopes;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>notation-core-go <c>conformance.json</c>: Signet's envelope encoding must equal the reference byte for byte.</summary>
public sealed class NotationEncodingConformanceTests
{
    [Fact]
    public void JwsEncoding_MatchesNotationCoreGoByteForByte()
    {
        using var expected = JsonDocument.Parse(File.ReadAllBytes(CoreGo("signature/jws/testdata/conformance.json")));
        var request = new EnvelopeSignRequest
        {
            Algorithm = NotationAlgorithm.ES256,
            Payload = Encoding.UTF8.GetBytes("{\"key\":\"hello JWS\"}"),
            SigningTime = new DateTimeOffset(2022, 8, 29, 13, 50, 0, TimeSpan.Zero),
            Expiry = new DateTimeOffset(2099, 8, 30, 13, 50, 0, TimeSpan.Zero),
            ExtendedAttributes =
            [
                new SignedAttribute("signedCritKey1", "signedCritValue1", Critical: true),
                new SignedAttribute("signedKey1", "signedValue1", Critical: false),
                new SignedAttribute("signedKey2", "signedValue1", Critical: false),
                new SignedAttribute("signedKey3", "signedValue1", Critical: false),
                new SignedAttribute("signedKey4", "signedValue1", Critical: false),
            ],
            SigningAgent = "NotationConformanceTest/1.0.0",
        };

        var (protectedText, payloadText, signingInput) = JwsEnvelope.BuildSigningInput(request);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = JwsEnvelope.Assemble(protectedText, payloadText, key.SignData(signingInput, HashAlgorithmName.SHA256), request);
        using var actual = JsonDocument.Parse(envelope);

        Assert.Equal(expected.RootElement.GetProperty("protected").GetString(), protectedText);
        Assert.Equal(expected.RootElement.GetProperty("payload").GetString(), payloadText);
        Assert.Equal(
            expected.RootElement.GetProperty("header").GetProperty("io.cncf.notary.signingAgent").GetString(),
            actual.RootElement.GetProperty("header").GetProperty("io.cncf.notary.signingAgent").GetString());
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(protectedText + "." + payloadText), Convert.FromBase64String(ToStandard(actual.RootElement.GetProperty("signature").GetString()!)), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void CoseEncoding_MatchesNotationCoreGoByteForByte()
    {
        using var vector = JsonDocument.Parse(File.ReadAllBytes(CoreGo("signature/cose/testdata/conformance.json")));
        var root = vector.RootElement;
        var expectedProtected = Convert.FromHexString(root.GetProperty("protectedHeaders").GetProperty("cborHex").GetString()!);
        var expectedOutput = Convert.FromHexString(root.GetProperty("expectedOutput").GetProperty("cborHex").GetString()!);
        var request = new EnvelopeSignRequest
        {
            Algorithm = NotationAlgorithm.PS384,
            Payload = Convert.FromHexString(root.GetProperty("payload").GetString()!),
            SigningTime = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("signingTime").GetInt64()),
            Expiry = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("expiry").GetInt64()),
            ExtendedAttributes =
            [
                new SignedAttribute("signedCritKey1", "signedCritValue1", Critical: true),
                new SignedAttribute("signedKey1", "signedValue1", Critical: false),
            ],
            SigningAgent = "NotationConformanceTest/1.0.0",
        };

        var protectedHeader = CoseEnvelope.BuildProtectedHeader(request);
        // The reference signature came from a run-time key: re-use its bytes to compare the whole structure.
        var signature = expectedOutput.AsSpan(expectedOutput.Length - 384).ToArray();
        var envelope = CoseEnvelope.Assemble(protectedHeader, request, signature);

        Assert.Equal(Convert.ToHexString(expectedProtected), Convert.ToHexString(protectedHeader));
        Assert.Equal(Convert.ToHexString(expectedOutput), Convert.ToHexString(envelope));
    }

    private static string ToStandard(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
