using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Testing;

namespace Signet.IntegrationTests.Webhook;

/// <summary>Builds AdmissionReviews as the API server sends them and reads the answers.</summary>
internal static class Reviews
{
    public const string VectorFolder = "verify-image-signatures/test_data";

    public static IEnumerable<string> VectorFiles()
    {
        var files = Directory.GetFiles(TestVectors.Path(VectorFolder), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 20, $"expected the 20 AdmissionRequest vectors, found {files.Count}");
        return files!;
    }

    /// <summary>The vector's request object wrapped in an AdmissionReview (the README's instruction).</summary>
    public static JsonObject FromVector(string file) =>
        Wrap(JsonNode.Parse(File.ReadAllText(TestVectors.Path(VectorFolder + "/" + file)))!.AsObject());

    public static JsonObject Wrap(JsonObject request) =>
        new() { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };

    public static JsonObject ForObject(string group, string version, string kind, JsonObject workload, string operation = "CREATE", bool dryRun = false, string? subResource = null, string ns = "shop")
    {
        var request = new JsonObject
        {
            ["uid"] = Guid.NewGuid().ToString(),
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = kind.ToLowerInvariant() + "s" },
            ["namespace"] = ns,
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "alice", ["groups"] = new JsonArray("system:authenticated", "dev") },
            ["object"] = workload,
            ["dryRun"] = dryRun,
        };
        if (subResource is not null)
        {
            request["subResource"] = subResource;
        }

        return Wrap(request);
    }

    public static JsonObject Pod(params string[] images) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(images.Select((image, i) => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["image"] = image }).ToArray()),
        },
    };

    public static StringContent Content(JsonNode body) => Content(body.ToJsonString());

    public static StringContent Content(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<JsonObject> PostReviewAsync(HttpClient client, string path, JsonNode review)
    {
        using var response = await client.PostAsync(path, Content(review));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        var answer = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("admission.k8s.io/v1", (string?)answer["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)answer["kind"]);
        Assert.Equal((string?)review["request"]!["uid"], (string?)answer["response"]!["uid"]);
        return answer["response"]!.AsObject();
    }

    public static byte[]? Patch(JsonObject response) =>
        response["patch"] is { } patch ? Convert.FromBase64String((string)patch!) : null;

    /// <summary>The images of <paramref name="workload"/> as the review's request.kind says to read them.</summary>
    public static IEnumerable<string> ImagesOf(JsonNode workload, JsonObject review)
    {
        var kind = review["request"]!["kind"]!;
        using var document = JsonDocument.Parse(workload.ToJsonString());
        var result = Signet.Admission.WorkloadImages.Extract(document.RootElement, (string?)kind["group"], (string?)kind["kind"]);
        Assert.True(result.Succeeded, result.Error);
        return result.Images.Select(i => i.Image).ToList();
    }
}
