using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission;
using Signet.Testing.Admission;
using Signet.Webhook.Events;

namespace Signet.IntegrationTests.Webhook;

/// <summary>The webhook's own Program in process, with the test evaluator and a recording event seam.</summary>
internal sealed class WebhookFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    public WebhookFactory(Dictionary<string, string>? settings = null)
    {
        _settings = settings ?? [];
    }

    public TestAdmissionEvaluator Evaluator { get; } = new();

    public RecordingEventRecorder Events { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAdmissionEvaluator>(Evaluator);
            services.AddSingleton<IAdmissionEventRecorder>(Events);
        });
    }
}
