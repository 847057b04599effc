using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Signet.Admission;
using Signet.Policy;
using Signet.Policy.Caching;
using Signet.Webhook.Hosting;

namespace Signet.Cli.Hosting;

/// <summary>
/// The webhook host of <c>signet serve</c> and <c>signet quickstart</c>, in-process: the webhook's own builder and
/// endpoints, with the application layer's evaluator enforcing a policy file (reloaded when it changes).
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookServer(WebApplication app, Uri address, string? caBundle)
    {
        _app = app;
        Address = address;
        CaBundleFile = caBundle;
    }

    /// <summary>The address it listens on (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>The self-signed CA bundle (the webhook configuration's <c>caBundle</c>), when no certificate was given.</summary>
    public string? CaBundleFile { get; }

    public static async Task<WebhookServer> StartAsync(CliContext context, string policyPath, string listen, string? certificate, string? key, bool logToConsole, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var listenUri) || listenUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliException(CliErrorCode.Usage, $"--listen '{listen}' is not an https:// URL.", "Example: --listen https://127.0.0.1:8443 (port 0 picks a free port).");
        }

        if ((certificate is null) != (key is null))
        {
            throw new CliException(CliErrorCode.Usage, "--tls-cert and --tls-key go together.", "Give both, or neither for a self-signed certificate under $SIGNET_HOME/tls.");
        }

        foreach (var file in new[] { policyPath, certificate, key }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                throw new CliException(CliErrorCode.FileUnreadable, $"File '{file}' does not exist.", "Check the path.");
            }
        }

        var tlsDirectory = Path.Combine(context.Home, "tls");
        var builder = SignetWebhookHost.CreateBuilder([], options =>
        {
            options.ListenUrl = listen;
            options.TlsCertificateFile = certificate is null ? null : Path.GetFullPath(certificate);
            options.TlsKeyFile = key is null ? null : Path.GetFullPath(key);
            options.SelfSignedCertificateDirectory = tlsDirectory;
            options.KubernetesEvents = false;
        });
        if (!logToConsole)
        {
            builder.Logging.ClearProviders();
        }

        CliServices.AddTo(builder.Services, context);

        // The webhook registers a fail-closed evaluator until the application provides one: this is the application.
        builder.Services.Replace(ServiceDescriptor.Singleton<IAdmissionEvaluator>(sp => sp.GetRequiredService<AdmissionEvaluator>()));

        // Workaround (reported to the lead): the webhook's Prometheus bridge rejects the verification cache's dotted
        // instrument names (signet.cache.misses -> "signet.cache.misses_total") and the exception surfaces in the
        // admission path as EVALUATION_FAILED. Until the bridge sanitizes names, the CLI-hosted cache has no meter.
        builder.Services.Replace(ServiceDescriptor.Singleton(sp => new VerificationCache(
            sp.GetRequiredService<VerificationCacheOptions>(), sp.GetRequiredService<TimeProvider>(), meterFactory: null)));
        var app = SignetWebhookHost.BuildApp(builder);
        try
        {
            var loaded = await app.Services.GetRequiredService<PolicyFileWatcher>().StartAsync(policyPath, cancellationToken).ConfigureAwait(false);
            if (!loaded.IsValid)
            {
                throw new CliException(PolicyFiles.InvalidPolicy, $"Policy '{policyPath}' has {loaded.Errors.Count} error(s): {string.Join("; ", loaded.Errors)}", $"Check it with 'signet policy validate {policyPath}'.");
            }

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? listen;
        var caBundle = certificate is null ? Path.Combine(tlsDirectory, WebhookCertificates.CaBundleFileName) : null;
        return new WebhookServer(app, new Uri(address), caBundle);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
