using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Signet.Webhook.Hosting;

/// <summary>
/// Builds the webhook application: Kestrel on <see cref="WebhookOptions.ListenUrl"/> with TLS 1.2+ from reloadable PEM
/// files (or a self-signed pair), a request body limit, JSON console logs, and the webhook endpoints. The webhook's
/// own <c>Program</c> and <c>signet serve</c> both call it.
/// </summary>
public static class SignetWebhookHost
{
    /// <summary>
    /// Creates the builder with the webhook's services and Kestrel set up; add the application's services (the
    /// <c>IAdmissionEvaluator</c>) to <see cref="WebApplicationBuilder.Services"/> before <see cref="BuildApp"/>.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Action<WebhookOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        // Request-by-request framework logs would drown the one audit line per decision.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSignetWebhook(configure);
        builder.WebHost.ConfigureKestrel(ConfigureKestrel);
        return builder;
    }

    /// <summary>Builds the application and maps the webhook endpoints.</summary>
    public static WebApplication BuildApp(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapSignetWebhook();
        return app;
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        var services = kestrel.ApplicationServices;
        var options = services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        var uri = new Uri(options.ListenUrl);
        Action<ListenOptions> https = listen =>
        {
            var reloader = services.GetRequiredService<CertificateReloader>();
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = _ => ValueTask.FromResult(reloader.ServerOptions),
                HandshakeTimeout = TimeSpan.FromSeconds(10),
            });
        };
        var host = uri.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(uri.Port, https);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), uri.Port, https);
        }
    }
}
