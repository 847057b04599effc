using Microsoft.Extensions.DependencyInjection;

namespace Signet.Testing.Registry;

/// <summary>
/// Counts the HTTP requests every <see cref="IHttpClientFactory"/> client sends (registry and token requests, retries
/// included): how round trips per operation are measured.
/// </summary>
public sealed class RequestCounter
{
    private int _count;
    private readonly List<string> _log = [];

    /// <summary>Requests sent so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>"METHOD path" of each request, in order.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Adds the counting handler to every HTTP client of <paramref name="services"/>.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(builder => builder.AddHttpMessageHandler(() => new CountingHandler(this)));

    /// <summary>Forgets what was counted.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        lock (_log)
        {
            _log.Clear();
        }
    }

    private sealed class CountingHandler(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._count);
            lock (counter._log)
            {
                counter._log.Add($"{request.Method} {request.RequestUri?.AbsolutePath}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
