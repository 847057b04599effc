using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission;
using Signet.Testing.Admission;
using Signet.Webhook.Events;

namespace Signet.IntegrationTests.Webhook;

/// <summary>An unexpected failure outside the evaluator still ends as a denied review, never a 500 page.</summary>
public sealed class ExceptionHandlerTests
{
    [Fact]
    public async Task Validate_FailureAfterTheDecision_BecomesADeniedReviewWithTheUid()
    {
        using var factory = new ThrowingEventsFactory();
        using var client = factory.CreateClient();
        var review = Reviews.ForObject("", "v1", "Pod", Reviews.Pod("unsigned:1"));

        using var response = await client.PostAsync("/validate", Reviews.Content(review));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(text)!["response"]!;
        Assert.Equal((string?)review["request"]!["uid"], (string?)answer["uid"]);
        Assert.False((bool)answer["allowed"]!);
        Assert.StartsWith("[EVALUATION_FAILED]", (string)answer["status"]!["message"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("event sink is broken", text, StringComparison.Ordinal);
    }

    private sealed class ThrowingEventsFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IAdmissionEvaluator>(new TestAdmissionEvaluator());
                services.AddSingleton<IAdmissionEventRecorder>(new ThrowingRecorder());
            });
    }

    private sealed class ThrowingRecorder : IAdmissionEventRecorder
    {
        public void Record(AdmissionEvent admissionEvent) => throw new InvalidOperationException("event sink is broken");
    }
}
