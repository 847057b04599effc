using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Signet.IntegrationTests.Webhook;

/// <summary>A slow evaluator never makes the webhook miss the API server's timeout, and never turns into an allow.</summary>
public sealed class DeadlineTests
{
    private static readonly Dictionary<string, string> s_tightBudget = new()
    {
        ["Webhook:DecisionBudget"] = "00:00:00.500",
        ["Webhook:ApiServerTimeout"] = "00:00:03",
    };

    [Theory]
    [InlineData("/validate", false)]
    [InlineData("/mutate", false)]
    [InlineData("/validate", true)]
    public async Task Admission_SlowEvaluator_IsDeniedWithDeadlineExceededWithinTheBudget(string path, bool ignoresCancellation)
    {
        using var factory = new WebhookFactory(s_tightBudget);
        factory.Evaluator.Delay = TimeSpan.FromSeconds(5);
        factory.Evaluator.IgnoreCancellation = ignoresCancellation;
        using var client = factory.CreateClient();
        await client.GetAsync("/healthz");

        var stopwatch = Stopwatch.StartNew();
        var response = await Reviews.PostReviewAsync(client, path, Reviews.FromVector("deployment_creation_signed.json"));
        stopwatch.Stop();

        Assert.False((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Equal(504, (int)response["status"]!["code"]!);
        Assert.Equal("Timeout", (string?)response["status"]!["reason"]);
        Assert.StartsWith("[DEADLINE_EXCEEDED]", (string)response["status"]!["message"]!, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Provider_SlowEvaluator_AnswersErrorsPerKeyWithinTheBudget()
    {
        using var factory = new WebhookFactory(s_tightBudget);
        factory.Evaluator.Delay = TimeSpan.FromSeconds(5);
        using var client = factory.CreateClient();
        await client.GetAsync("/healthz");

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/provider", Reviews.Content(ProviderTests.Request("a:1", "b:2")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"answered after {stopwatch.Elapsed}");
        var items = body["response"]!["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.All(items, item =>
        {
            Assert.Null(item!["value"]);
            Assert.StartsWith("[DEADLINE_EXCEEDED]", (string)item["error"]!, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Admission_EvaluatorWithinBudget_IsAnsweredNormally()
    {
        using var factory = new WebhookFactory(s_tightBudget);
        factory.Evaluator.Delay = TimeSpan.FromMilliseconds(50);
        using var client = factory.CreateClient();

        var response = await Reviews.PostReviewAsync(client, "/validate", Reviews.FromVector("deployment_creation_signed.json"));

        Assert.True((bool)response["allowed"]!);
    }
}
