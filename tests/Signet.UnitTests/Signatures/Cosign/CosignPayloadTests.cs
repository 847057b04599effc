using System.Text;
using Signet.Core.Digests;
using Signet.Signatures.Cosign;

namespace Signet.UnitTests.Signatures.Cosign;

public sealed class CosignPayloadTests
{
    private const string DigestText = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";

    [Fact]
    public void Create_NoAnnotations_WritesCosignBytes()
    {
        var bytes = CosignPayload.Create("192.168.64.2:5000/cosign-signed-single-sample", Digest.Parse(DigestText));

        Assert.Equal(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"192.168.64.2:5000/cosign-signed-single-sample\"},\"image\":{\"docker-manifest-digest\":\"" + DigestText + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Create_Annotations_SortedAndGoEscaped()
    {
        var bytes = CosignPayload.Create("docker.io/library/app", Digest.Parse(DigestText), new Dictionary<string, string> { ["z"] = "a<b>&+é", ["a"] = "x\"\n" });

        Assert.EndsWith("\"optional\":{\"a\":\"x\\\"\\n\",\"z\":\"a\\u003cb\\u003e\\u0026+é\"}}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Parse_CreatedPayload_RoundTrips()
    {
        var payload = CosignPayload.Parse(CosignPayload.Create("registry.example/app", Digest.Parse(DigestText), new Dictionary<string, string> { ["team"] = "blue" }));

        Assert.Equal("registry.example/app", payload.DockerReference);
        Assert.Equal(DigestText, payload.DockerManifestDigest);
        Assert.Equal("blue", payload.Optional!["team"].GetString());
        Assert.Null(payload.Timestamp);
    }

    [Fact]
    public void Parse_CreatorAndTimestamp_Read()
    {
        var payload = CosignPayload.Parse(Encoding.UTF8.GetBytes(Valid("{\"creator\":\"containers/image 5.23.1\",\"timestamp\":1657296609}")));

        Assert.Equal("containers/image 5.23.1", payload.Creator);
        Assert.Equal(1657296609, payload.Timestamp);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "not json", "not valid JSON" },
        { "[]", "payload is a JSON array" },
        { "{\"critical\":{},\"optional\":null}", "critical has no 'identity'" },
        { "{\"optional\":null}", "payload has no 'critical'" },
        { Valid("null").Replace(",\"optional\":null", string.Empty, StringComparison.Ordinal), "payload has no 'optional'" },
        { Valid("null").Replace("{\"critical\"", "{\"extra\":1,\"critical\"", StringComparison.Ordinal), "unknown field 'extra'" },
        { Valid("null").Replace("\"type\":", "\"type\":\"x\",\"type\":", StringComparison.Ordinal), "field 'type' twice" },
        { Valid("null").Replace("cosign container image signature", "atomic container signature", StringComparison.Ordinal), "critical.type is 'atomic container signature'" },
        { Valid("null").Replace("{\"docker-manifest-digest\":\"" + DigestText + "\"}", "{}", StringComparison.Ordinal), "critical.image has no 'docker-manifest-digest'" },
        { Valid("null").Replace("\"docker-reference\":\"registry.example/app\"", "\"docker-reference\":null", StringComparison.Ordinal), "docker-reference is a JSON null" },
        { Valid("null").Replace("\"docker-reference\":\"registry.example/app\"", "\"docker-reference\":\"a\",\"extra\":\"b\"", StringComparison.Ordinal), "critical.identity has the unknown field 'extra'" },
        { Valid("[1]"), "optional is a JSON array" },
        { Valid("{\"timestamp\":1.5}"), "optional.timestamp is not an integer" },
        { Valid("{\"timestamp\":\"1\"}"), "optional.timestamp is not an integer" },
        { Valid("{\"creator\":7}"), "optional.creator is not a string" },
        { Valid("{\"a\":1,\"a\":2}"), "optional has the key 'a' twice" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedPayload_ReturnsReason(string json, string expected)
    {
        Assert.False(CosignPayload.TryParse(Encoding.UTF8.GetBytes(json), out var payload, out var error));
        Assert.Null(payload);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeeplyNestedOptional_RefusedWithoutRecursionFailure()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + string.Concat(Enumerable.Repeat("}", 5000));

        Assert.False(CosignPayload.TryParse(Encoding.UTF8.GetBytes(Valid(nested)), out _, out var error));
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }

    private static string Valid(string optional) =>
        "{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example/app\"},\"image\":{\"docker-manifest-digest\":\"" + DigestText + "\"},\"type\":\"cosign container image signature\"},\"optional\":" + optional + "}";
}
