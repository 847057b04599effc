using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission;
using Signet.Testing.Admission;
using Signet.Webhook.Events;
using Signet.Webhook.Hosting;

namespace Signet.IntegrationTests.Webhook;

/// <summary>
/// The webhook started for real with <see cref="SignetWebhookHost"/> on 127.0.0.1 (a free port), serving HTTPS with a
/// test certificate from PEM files, as <c>signet serve</c> would host it; stopped on dispose.
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookServer(WebApplication app, string directory, Uri address, TestAdmissionEvaluator evaluator, RecordingEventRecorder events)
    {
        _app = app;
        Directory = directory;
        Address = address;
        Evaluator = evaluator;
        Events = events;
    }

    public TestAdmissionEvaluator Evaluator { get; }

    public RecordingEventRecorder Events { get; }

    public string Directory { get; }

    public Uri Address { get; }

    public string CertificateFile => Path.Combine(Directory, "tls.crt");

    public string KeyFile => Path.Combine(Directory, "tls.key");

    public X509Certificate2 CaCertificate => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Directory, "ca.crt"));

    public static async Task<WebhookServer> StartAsync(Action<WebhookOptions>? configure = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("signet-webhook-").FullName;
        WebhookCertificates.EnsureSelfSigned(directory, ["localhost"], TimeProvider.System);
        var evaluator = new TestAdmissionEvaluator();
        var events = new RecordingEventRecorder();
        var builder = SignetWebhookHost.CreateBuilder([], options =>
        {
            options.ListenUrl = "https://127.0.0.1:0";
            options.TlsCertificateFile = Path.Combine(directory, "tls.crt");
            options.TlsKeyFile = Path.Combine(directory, "tls.key");
            options.CertificateReloadInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(options);
        });
        builder.Services.AddSingleton<IAdmissionEvaluator>(evaluator);
        builder.Services.AddSingleton<IAdmissionEventRecorder>(events);
        var app = SignetWebhookHost.BuildApp(builder);
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(startTimeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WebhookServer(app, directory, new Uri(address), evaluator, events);
    }

    /// <summary>A client that trusts only the test CA and reports the certificate each connection was served.</summary>
    public HttpClient CreateClient(Action<X509Certificate2>? onCertificate = null, SslProtocols protocols = SslProtocols.None)
    {
        var ca = CaCertificate;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    onCertificate?.Invoke(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(leaf) && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async ValueTask DisposeAsync()
    {
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stopTimeout.Token);
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
