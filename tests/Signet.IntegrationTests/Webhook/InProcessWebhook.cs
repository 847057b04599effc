using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Signet.IntegrationTests.Application;
using Signet.Registry;
using Signet.Webhook.Hosting;

namespace Signet.IntegrationTests.Webhook;

/// <summary>
/// Signet's webhook composed as deployed (real application layer over <see cref="SignetHost"/>'s home: policy file,
/// embedded key store, registry client), serving HTTPS on a free 127.0.0.1 port with a self-signed certificate.
/// </summary>
internal static class InProcessWebhook
{
    /// <summary>Starts it; <paramref name="configure"/> adds to the builder (loggers, a Kubernetes client).</summary>
    public static async Task<(WebApplication App, Uri Address, string CaFile)> StartAsync(SignetHost host, string policy, Action<WebApplicationBuilder>? configure = null)
    {
        var tls = Path.Combine(host.Home, "tls");
        Directory.CreateDirectory(tls);
        WebhookCertificates.EnsureSelfSigned(tls, ["localhost"], TimeProvider.System);
        var builder = SignetWebhookHost.CreateBuilder([], options =>
        {
            options.ListenUrl = "https://127.0.0.1:0";
            options.TlsCertificateFile = Path.Combine(tls, "tls.crt");
            options.TlsKeyFile = Path.Combine(tls, "tls.key");
        });
        builder.AddSignetApplication(options =>
        {
            options.Home = host.Home;
            options.PolicyPath = policy;
        });
        builder.Services.Configure<Signet.Keys.Embedded.EmbeddedKeyStoreOptions>(o => o.PassphraseFile = host.PassphraseFile);
        builder.Services.Configure<RegistryClientOptions>(o => o.UseDockerConfig = false);
        configure?.Invoke(builder);
        var app = SignetWebhookHost.BuildApp(builder);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address), Path.Combine(tls, WebhookCertificates.CaBundleFileName));
    }
}
