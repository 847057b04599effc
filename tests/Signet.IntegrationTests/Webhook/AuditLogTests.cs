using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signet.Admission;
using Signet.Testing.Admission;

namespace Signet.IntegrationTests.Webhook;

/// <summary>One structured audit record per decision, with who, where, what and why.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task Validate_Denial_WritesOneAuditRecordWithImagesAndReasons()
    {
        var sink = new CollectingLoggerProvider();
        using var factory = new AuditFactory(sink);
        using var client = factory.CreateClient();
        var review = Reviews.ForObject("apps", "v1", "Deployment", JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{
              "containers":[{"name":"app","image":"registry.example.com/shop/web:1"}],
              "initContainers":[{"name":"setup","image":"registry.example.com/shop/unsigned-init:1"}]}}}}
            """)!.AsObject(), ns: "payments");

        await Reviews.PostReviewAsync(client, "/validate", review);

        var entry = Assert.Single(sink.Entries, e => e.EventId == 4001);
        var audit = JsonNode.Parse(entry.State["Audit"]!)!;
        Assert.Equal((string?)review["request"]!["uid"], (string?)audit["uid"]);
        Assert.Equal("alice", (string?)audit["user"]);
        Assert.Equal("payments", (string?)audit["namespace"]);
        Assert.Equal("Deployment", (string?)audit["kind"]);
        Assert.Equal("web", (string?)audit["name"]);
        Assert.Equal("deny", (string?)audit["verdict"]);
        Assert.Equal("SIGNATURE_NOT_FOUND", (string?)audit["code"]);
        var images = audit["images"]!.AsArray();
        Assert.Equal(2, images.Count);
        Assert.Contains(images, i => (string?)i!["pointer"] == "/spec/template/spec/initContainers/0/image" && !(bool)i["allowed"]!);
        Assert.Contains(audit["reasons"]!.AsArray(), r => ((string)r!).Contains("unsigned-init", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_PodWithGenerateNameOnly_AuditNamesItByGenerateName()
    {
        // A ReplicaSet's pods reach admission with metadata.generateName and no name yet.
        var sink = new CollectingLoggerProvider();
        using var factory = new AuditFactory(sink);
        using var client = factory.CreateClient();
        var review = Reviews.ForObject("", "v1", "Pod", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-7d4b9-"},"spec":{
              "containers":[{"name":"app","image":"registry.example.com/shop/web:1"}]}}
            """)!.AsObject());

        await Reviews.PostReviewAsync(client, "/validate", review);

        var audit = JsonNode.Parse(Assert.Single(sink.Entries, e => e.EventId == 4001).State["Audit"]!)!;
        Assert.Equal("web-7d4b9-", (string?)audit["name"]);
    }

    private sealed class AuditFactory(CollectingLoggerProvider sink) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IAdmissionEvaluator>(new TestAdmissionEvaluator());
                services.AddSingleton<ILoggerProvider>(sink);
            });
    }

    internal sealed record LogEntry(int EventId, string Category, IReadOnlyDictionary<string, string?> State);

    internal sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                owner.Entries.Enqueue(new LogEntry(eventId.Id, category, values.ToDictionary(p => p.Key, p => p.Value?.ToString())));
            }
        }
    }
}
