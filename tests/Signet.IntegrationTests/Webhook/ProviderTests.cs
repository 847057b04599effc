using System.Net;
using System.Text.Json.Nodes;
using Signet.Testing.Admission;

namespace Signet.IntegrationTests.Webhook;

/// <summary>The Gatekeeper external data provider, answering in Ratify's shape.</summary>
public sealed class ProviderTests : IDisposable
{
    private readonly WebhookFactory _factory = new(new() { ["Webhook:ProviderMaxKeys"] = "5" });
    private readonly HttpClient _client;

    public ProviderTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    public static JsonObject Request(params string[] keys) => new()
    {
        ["apiVersion"] = "externaldata.gatekeeper.sh/v1beta1",
        ["kind"] = "ProviderRequest",
        ["request"] = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()) },
    };

    [Theory]
    [InlineData("/provider")]
    [InlineData("/ratify/gatekeeper/v1/verify")]
    public async Task Verify_MixedKeys_AnswersOneItemPerKeyInRatifyShape(string path)
    {
        var body = await PostAsync(path, Request("registry.example.com/shop/web:1.2", "ghcr.io/acme/unsigned:1", "NOT AN IMAGE"));

        Assert.Equal("externaldata.gatekeeper.sh/v1beta1", (string?)body["apiVersion"]);
        Assert.Equal("ProviderResponse", (string?)body["kind"]);
        var response = body["response"]!;
        Assert.False((bool)response["idempotent"]!);
        Assert.Equal(string.Empty, (string?)response["systemError"]);
        var items = response["items"]!.AsArray();
        Assert.Equal(["registry.example.com/shop/web:1.2", "ghcr.io/acme/unsigned:1", "NOT AN IMAGE"], items.Select(i => (string)i!["key"]!));

        var verified = items[0]!["value"]!;
        Assert.True((bool)verified["isSuccess"]!);
        Assert.Equal("0.2.0", (string?)verified["version"]);
        Assert.NotNull((string?)verified["timestamp"]);
        var report = verified["verifierReports"]![0]!;
        Assert.True((bool)report["isSuccess"]!);
        Assert.Equal(TestAdmissionEvaluator.DigestFor("registry.example.com/shop/web:1.2").ToString(), (string?)report["referenceDigest"]);
        Assert.Null(items[0]!["error"]);

        var denied = items[1]!["value"]!;
        Assert.False((bool)denied["isSuccess"]!);
        Assert.Equal("SIGNATURE_NOT_FOUND", (string?)denied["verifierReports"]![0]!["errorReason"]);

        Assert.Null(items[2]!["value"]);
        Assert.StartsWith("[INVALID_REFERENCE]", (string)items[2]!["error"]!, StringComparison.Ordinal);
        Assert.Equal(2, _factory.Evaluator.ImageRequests.Count);
    }

    [Fact]
    public async Task Mutate_VerifiedKey_IsPinnedToItsDigestAndIdempotent()
    {
        var body = await PostAsync("/provider/mutate", Request("registry.example.com/shop/web:1.2", "ghcr.io/acme/unsigned:1"));

        var response = body["response"]!;
        Assert.True((bool)response["idempotent"]!);
        var items = response["items"]!.AsArray();
        Assert.Equal($"registry.example.com/shop/web@{TestAdmissionEvaluator.DigestFor("registry.example.com/shop/web:1.2")}", (string?)items[0]!["value"]);
        Assert.Null(items[1]!["value"]);
        Assert.StartsWith("[SIGNATURE_NOT_FOUND]", (string)items[1]!["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EvaluatorThrows_ErrorItemNotSuccess()
    {
        var body = await PostAsync("/provider", Request("registry.example.com/explode:1"));

        var item = body["response"]!["items"]![0]!;
        Assert.Null(item["value"]);
        Assert.StartsWith("[EVALUATION_FAILED]", (string)item["error"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":"externaldata.gatekeeper.sh/v1alpha0","kind":"ProviderRequest","request":{"keys":["a:1"]}}""", "is not a externaldata.gatekeeper.sh/v1beta1 ProviderRequest")]
    [InlineData("""{"apiVersion":"externaldata.gatekeeper.sh/v1beta1","kind":"ProviderRequest","request":{}}""", "has no request.keys")]
    [InlineData("""{"apiVersion":"externaldata.gatekeeper.sh/v1beta1","kind":"ProviderRequest","request":{"keys":["a","b","c","d","e","f"]}}""", "has 6 keys; the limit is 5")]
    public async Task Verify_BadRequest_IsASystemError(string json, string expected)
    {
        var body = await PostAsync("/provider", JsonNode.Parse(json)!);

        Assert.Contains(expected, (string)body["response"]!["systemError"]!, StringComparison.Ordinal);
        Assert.Empty(body["response"]!["items"]!.AsArray());
        Assert.Empty(_factory.Evaluator.ImageRequests);
    }

    [Fact]
    public async Task Verify_NotJson_Is400()
    {
        using var response = await _client.PostAsync("/provider", Reviews.Content("keys=a"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a valid ProviderRequest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DuplicateKeys_AreVerifiedOnceAndAnsweredForEach()
    {
        var body = await PostAsync("/provider", Request("a:1", "a:1"));

        Assert.Equal(2, body["response"]!["items"]!.AsArray().Count);
        Assert.Single(_factory.Evaluator.ImageRequests);
    }

    private async Task<JsonNode> PostAsync(string path, JsonNode request)
    {
        using var response = await _client.PostAsync(path, Reviews.Content(request));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
