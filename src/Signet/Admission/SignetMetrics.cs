using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Signet.Admission;

/// <summary>
/// The instruments of the <c>Signet</c> meter, defined once so that every layer records to the same series: the
/// webhook records admissions and break-glass, the application layer records verifications, registry requests and the
/// verification cache. Exported by the host in Prometheus format as <c>signet_admission_requests_total</c>,
/// <c>signet_admission_duration_seconds</c>, <c>signet_verifications_total</c>, <c>signet_registry_requests_total</c>,
/// <c>signet_cache_hits_total</c>, <c>signet_cache_misses_total</c>, <c>signet_cache_entries</c>,
/// <c>signet_break_glass_total</c>.
/// </summary>
/// <remarks>
/// Created through <see cref="IMeterFactory"/> (registered as a singleton by <c>AddSignetMetrics()</c>), so each host,
/// and each test host, has its own meter instances and exporters see only their own.
/// </remarks>
public sealed class SignetMetrics
{
    /// <summary>The meter name every Signet instrument is published under.</summary>
    public const string MeterName = "Signet";

    private readonly Counter<long> _admissionRequests;
    private readonly Histogram<double> _admissionDuration;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _registryRequests;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly UpDownCounter<long> _cacheEntries;
    private readonly Counter<long> _breakGlass;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public SignetMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _admissionRequests = Meter.CreateCounter<long>("signet_admission_requests", "{request}", "Admission reviews answered, by decision (allow, deny, warn), policy mode and object kind.");
        _admissionDuration = Meter.CreateHistogram<double>(
            "signet_admission_duration", "s", "Time from reading an admission review to answering it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 8, 10] });
        _verifications = Meter.CreateCounter<long>("signet_verifications", "{verification}", "Image signature verifications, by signature format and result.");
        _registryRequests = Meter.CreateCounter<long>("signet_registry_requests", "{request}", "HTTP requests to OCI registries, by status code (or 'error' when no response).");
        _cacheHits = Meter.CreateCounter<long>("signet_cache_hits", "{hit}", "Verification cache hits.");
        _cacheMisses = Meter.CreateCounter<long>("signet_cache_misses", "{miss}", "Verification cache misses.");
        _cacheEntries = Meter.CreateUpDownCounter<long>("signet_cache_entries", "{entry}", "Entries in the verification cache.");
        _breakGlass = Meter.CreateCounter<long>("signet_break_glass", "{use}", "Break-glass annotations seen, by whether they were honoured.");
    }

    /// <summary>The meter, for tests and exporters that filter by instance.</summary>
    public Meter Meter { get; }

    /// <summary>Records one answered admission review and how long it took.</summary>
    public void RecordAdmission(string decision, string mode, string kind, TimeSpan duration)
    {
        var tags = new TagList { { "decision", decision }, { "mode", mode }, { "kind", kind } };
        _admissionRequests.Add(1, tags);
        _admissionDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Records one signature verification (format: notation-jws, notation-cose, cosign, signet…; result: a code).</summary>
    public void RecordVerification(string format, string result) =>
        _verifications.Add(1, new TagList { { "format", format }, { "result", result } });

    /// <summary>Records one registry HTTP request by status code (<c>200</c>, <c>404</c>…, or <c>error</c>).</summary>
    public void RecordRegistryRequest(string status) => _registryRequests.Add(1, new TagList { { "status", status } });

    /// <summary>Records a verification cache hit.</summary>
    public void RecordCacheHit() => _cacheHits.Add(1);

    /// <summary>Records a verification cache miss.</summary>
    public void RecordCacheMiss() => _cacheMisses.Add(1);

    /// <summary>Adds <paramref name="delta"/> (negative on eviction) to the cache entry count.</summary>
    public void AddCacheEntries(long delta) => _cacheEntries.Add(delta);

    /// <summary>Records one break-glass use.</summary>
    public void RecordBreakGlass(bool honoured) => _breakGlass.Add(1, new TagList { { "honoured", honoured ? "true" : "false" } });
}
