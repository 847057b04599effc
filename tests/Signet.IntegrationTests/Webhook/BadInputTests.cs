using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Signet.IntegrationTests.Webhook;

/// <summary>Every way a request can be wrong gets a clear 4xx or a denied review, never a 500 or an allow.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly WebhookFactory _factory = new(new() { ["Webhook:MaxRequestBodyBytes"] = "65536" });
    private readonly HttpClient _client;

    public BadInputTests()
    {
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    public static TheoryData<string, string, int, string> BadEnvelopes() => new()
    {
        { "/validate", "this is not json", 400, "not a valid AdmissionReview" },
        { "/mutate", "{\"apiVersion\":", 400, "not a valid AdmissionReview" },
        { "/validate", "", 400, "body is empty" },
        { "/validate", "null", 400, "JSON null" },
        { "/validate", "[]", 400, "not a valid AdmissionReview" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE"}}""", 400, "apiVersion 'admission.k8s.io/v1beta1' is not supported" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{"uid":"u","kind":{"kind":"Pod"},"operation":"CREATE"}}""", 400, "kind 'Pod' is not AdmissionReview" },
        { "/mutate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", 400, "has no 'request'" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"kind":"Pod"},"operation":"CREATE"}}""", 400, "has no 'uid'" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"","kind":{"kind":"Pod"},"operation":"CREATE"}}""", 400, "has no 'uid'" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}""", 400, "has no 'kind'" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Pod"}}}""", 400, "has no 'operation'" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","uid":"v","kind":{"kind":"Pod"},"operation":"CREATE"}}""", 400, "Duplicate" },
        { "/validate", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7,"kind":{"kind":"Pod"},"operation":"CREATE"}}""", 400, "not a valid AdmissionReview" },
    };

    [Theory]
    [MemberData(nameof(BadEnvelopes))]
    public async Task Post_BadEnvelope_IsAClear4xx(string path, string body, int status, string expected)
    {
        using var response = await _client.PostAsync(path, Reviews.Content(body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonNode.Parse(text)!;
        Assert.Contains(expected, (string)error["message"]!, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull((string?)error["code"]);
        Assert.Empty(_factory.Evaluator.Requests);
    }

    [Fact]
    public async Task Post_DuplicateImageInsideTheObject_IsRejected()
    {
        // Two "image" keys: one value could be judged while the API server stores the other.
        var body = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE",
             "object":{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"signed:1","image":"unsigned:1"}]}}}}
            """;

        using var response = await _client.PostAsync("/validate", Reviews.Content(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_factory.Evaluator.Requests);
    }

    [Fact]
    public async Task Post_NotJsonContentType_Is415()
    {
        using var response = await _client.PostAsync("/validate", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("send application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OversizedBody_Is413NamingTheLimit()
    {
        var pod = Reviews.Pod("app:1");
        pod["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 70_000) };

        using var response = await _client.PostAsync("/validate", Reviews.Content(Reviews.ForObject("", "v1", "Pod", pod)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("65536-byte limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_factory.Evaluator.Requests);
    }

    [Fact]
    public async Task Post_OversizedBodyWithoutContentLength_Is413()
    {
        var pod = Reviews.Pod("app:1");
        pod["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 70_000) };
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Reviews.ForObject("", "v1", "Pod", pod).ToJsonString())));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    public static TheoryData<string, string, string, string> DeniedObjects() => new()
    {
        // group, kind, object, expected message fragment
        { "example.com", "Widget", """{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":1}}""", "[UNSUPPORTED_KIND] The kind 'Widget'" },
        { "", "Pod", """{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"web","image":"Not A/Valid::Image"}]}}""", "[INVALID_REFERENCE] Image reference(s) do not parse: container 'web' (/spec/containers/0/image)" },
        { "", "Pod", """{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"web","image":"nginx@sha256:abc"}]}}""", "[INVALID_REFERENCE]" },
        { "", "Pod", """{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"web"}]}}""", "[INVALID_ADMISSION_REQUEST] The container 'web' (/spec/containers/0) has no image string" },
        { "", "Pod", """{"apiVersion":"v1","kind":"Pod","spec":{"containers":"nginx"}}""", "[INVALID_ADMISSION_REQUEST] /spec/containers is a JSON string" },
        { "apps", "Deployment", """{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":1}}""", "has no pod spec at /spec/template/spec" },
    };

    [Theory]
    [MemberData(nameof(DeniedObjects))]
    public async Task Validate_ObjectSignetCannotJudge_IsDeniedSayingWhy(string group, string kind, string json, string expected)
    {
        var review = Reviews.ForObject(group, "v1", kind, JsonNode.Parse(json)!.AsObject());

        foreach (var path in new[] { "/validate", "/mutate" })
        {
            var response = await Reviews.PostReviewAsync(_client, path, review);

            Assert.False((bool)response["allowed"]!);
            Assert.Null(response["patch"]);
            Assert.Equal(400, (int)response["status"]!["code"]!);
            Assert.Equal("BadRequest", (string?)response["status"]!["reason"]);
            Assert.Contains(expected, (string)response["status"]!["message"]!, StringComparison.Ordinal);
        }

        Assert.Empty(_factory.Evaluator.Requests);
    }

    [Fact]
    public async Task Validate_CreateWithoutObject_IsDenied()
    {
        var review = Reviews.ForObject("", "v1", "Pod", Reviews.Pod("app:1"));
        review["request"]!.AsObject().Remove("object");

        var response = await Reviews.PostReviewAsync(_client, "/validate", review);

        Assert.False((bool)response["allowed"]!);
        Assert.Contains("no object to check", (string)response["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownKindWithAllowOption_IsAllowedWithAWarning()
    {
        using var factory = new WebhookFactory(new() { ["Webhook:UnknownKinds"] = "Allow" });
        using var client = factory.CreateClient();
        var review = Reviews.ForObject("example.com", "v1", "Widget", JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Widget"}""")!.AsObject());

        var response = await Reviews.PostReviewAsync(client, "/validate", review);

        Assert.True((bool)response["allowed"]!);
        Assert.Contains("did not check Widget", (string)response["warnings"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NoEvaluatorRegistered_DeniesAndIsNotReady()
    {
        using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>();
        using var client = factory.CreateClient();

        var response = await Reviews.PostReviewAsync(client, "/validate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod("app:1")));
        using var ready = await client.GetAsync("/readyz");

        Assert.False((bool)response["allowed"]!);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
