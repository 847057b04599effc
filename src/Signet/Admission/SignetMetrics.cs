using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Signet.Admission;

/// <summary>
/// The admission and verification instruments of the <c>Signet</c> meter: the webhook records admissions and
/// break-glass, <see cref="Verification.ImageVerifier"/> records every signature verification. The layers below own
/// theirs on the same meter (the registry client <c>signet_registry_requests</c>, the verification cache
/// <c>signet.cache.*</c>), so each count has exactly one writer. Exported by the host in Prometheus format as
/// <c>signet_admission_requests_total</c>, <c>signet_admission_duration_seconds</c>, <c>signet_verifications_total</c>,
/// <c>signet_break_glass_total</c>, <c>signet_registry_requests_total</c>, <c>signet_cache_hits_total</c>,
/// <c>signet_cache_misses_total</c>, <c>signet_cache_evictions_total</c>, <c>signet_cache_coalesced_total</c>,
/// <c>signet_cache_entries</c>, <c>signet_cache_size</c>.
/// </summary>
/// <remarks>
/// Created through <see cref="IMeterFactory"/> (registered as a singleton by <c>AddSignetMetrics()</c>), so each host,
/// and each test host, has its own meter instances and exporters see only their own.
/// </remarks>
public sealed class SignetMetrics
{
    /// <summary>The meter name every Signet instrument is published under.</summary>
    public const string MeterName = Core.Errors.SignetMeter.Name;

    private readonly Counter<long> _admissionRequests;
    private readonly Histogram<double> _admissionDuration;
    private readonly Counter<long> _verifications;
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

    /// <summary>Records one break-glass use.</summary>
    public void RecordBreakGlass(bool honoured) => _breakGlass.Add(1, new TagList { { "honoured", honoured ? "true" : "false" } });
}
