using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Signet.Registry.Http;

/// <summary>
/// Gives every registry host its own pooled handler from <see cref="IHttpClientFactory"/>: a
/// <see cref="SocketsHttpHandler"/> that trusts the system roots plus that host's CA bundle, behind a retry handler
/// for 408/429/500/502/503/504 and dropped connections on GET/HEAD only, bounded by the call's deadline.
/// </summary>
internal sealed class RegistryHttpClientConfigurator(IOptions<RegistryClientOptions> options, TimeProvider timeProvider, TlsPeerTracker tlsPeers)
    : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    /// <summary>Prefix of the named clients; the rest of the name is the host (<c>host[:port]</c>).</summary>
    public const string ClientNamePrefix = "Signet.Registry:";

    /// <summary>The instant after which the request's call has no time left; set on every request.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> DeadlineKey = new("Signet.Registry.Deadline");

    /// <summary>The client name for <paramref name="host"/>.</summary>
    public static string ClientName(string host) => ClientNamePrefix + host.ToLowerInvariant();

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpClientFactoryOptions factoryOptions)
    {
        if (name is null || !name.StartsWith(ClientNamePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var host = name[ClientNamePrefix.Length..];
        var settings = options.Value;
        factoryOptions.HandlerLifetime = settings.HandlerLifetime;
        factoryOptions.HttpClientActions.Add(client =>
        {
            // The call's own deadline governs; HttpClient's 100 s default would only hide it.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(new ProductHeaderValue(settings.UserAgent)));
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        });
        factoryOptions.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            builder.PrimaryHandler = CreatePrimaryHandler(host, settings);
            builder.AdditionalHandlers.Add(new ResilienceHandler(CreateRetryPipeline(settings)));
        });
    }

    private SocketsHttpHandler CreatePrimaryHandler(string host, RegistryClientOptions settings)
    {
        X509Certificate2Collection? bundle = null;
        if (settings.For(host)?.CaBundlePath is { } path)
        {
            bundle = [];
            bundle.ImportFromPemFile(path);
        }

        return new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = settings.Deadline,
            PooledConnectionLifetime = settings.HandlerLifetime,
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(host, bundle, certificate, chain, errors),
            },
        };
    }

    /// <summary>System trust first; when that fails only on the chain, the host's CA bundle may anchor it instead.</summary>
    private bool Validate(string host, X509Certificate2Collection? bundle, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        tlsPeers.Saw(host);
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (bundle is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(bundle);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2;
        if (leaf is null)
        {
            return false;
        }

        return custom.Build(leaf);
    }

    private ResiliencePipeline<HttpResponseMessage> CreateRetryPipeline(RegistryClientOptions settings)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
            Delay = settings.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(settings.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context, settings.RetryDelay)),
        };

        // Only GET and HEAD are replayed: a repeated POST/PATCH/PUT of an upload session is not safe.
        retry.DisableForUnsafeHttpMethods();
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }.AddRetry(retry).Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan minimumDelay)
    {
        var request = context.GetRequestMessage();
        var remaining = request is not null && request.Options.TryGetValue(DeadlineKey, out var deadline)
            ? deadline - timeProvider.GetUtcNow()
            : TimeSpan.Zero;
        if (outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError })
        {
            return remaining > minimumDelay;
        }

        // As oras-go's default policy: 408, 429 and the 5xx a busy or briefly inconsistent registry answers (Debian's
        // docker-registry 2.8 returns 500 for a tag read while another client rewrites it); never 501.
        if (outcome.Result is not
            {
                StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
                    or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            } response)
        {
            return false;
        }

        // Retry-After beyond the deadline: answer now with the registry's reason rather than time out later.
        var wait = RetryAfter(response, timeProvider) ?? minimumDelay;
        return wait < remaining;
    }

    /// <summary>The delay a <c>Retry-After</c> header asks for, or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - timeProvider.GetUtcNow() : null;
    }
}
