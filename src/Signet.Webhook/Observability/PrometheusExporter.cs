using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;
using Signet.Admission;

namespace Signet.Webhook.Observability;

/// <summary>
/// Publishes this host's <c>Signet</c> meter on <c>/metrics</c> through a private prometheus-net registry, with
/// Prometheus types and names: a <c>Counter</c> becomes a counter named <c>&lt;instrument&gt;_total</c>, a
/// <c>Histogram</c> in seconds a histogram named <c>&lt;instrument&gt;_seconds</c>, an <c>UpDownCounter</c> or an
/// observable gauge (read at each scrape) a gauge; dots in instrument and tag names become underscores.
/// </summary>
/// <remarks>
/// prometheus-net's own MeterAdapter exports every counter as a gauge named after the meter and the instrument
/// (<c>signet_signet_admission_requests</c>), which breaks <c>rate()</c> and the documented names, so this bridge
/// listens itself and lets prometheus-net do only the exposition. Only instruments created by this host's
/// <see cref="IMeterFactory"/> are exported, so hosts sharing a process (tests, <c>signet serve</c>) stay apart.
/// </remarks>
internal sealed class PrometheusExporter : IHostedService, IDisposable
{
    private static readonly System.Buffers.SearchValues<char> s_prometheusNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private readonly IMeterFactory _meterFactory;
    private readonly MetricFactory _factory;
    private readonly ConcurrentDictionary<Instrument, Collector> _collectors = new();
    private MeterListener? _listener;

    public PrometheusExporter(IMeterFactory meterFactory, SignetMetrics metrics)
    {
        _meterFactory = meterFactory;

        // Resolving SignetMetrics here creates the instruments before the listener starts.
        _ = metrics;
        Registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);
    }

    /// <summary>The registry served on <c>/metrics</c>.</summary>
    public CollectorRegistry Registry { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SignetMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, _meterFactory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
        _listener = listener;

        // Observable instruments (the cache's entry count and size) report only when asked: ask at every scrape.
        Registry.AddBeforeCollectCallback(() => _listener?.RecordObservableInstruments());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Label order must be stable for prometheus-net; instruments of SignetMetrics always carry the same keys.
        var pairs = tags.ToArray();
        Array.Sort(pairs, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var names = Array.ConvertAll(pairs, p => PrometheusName(p.Key));
        var values = Array.ConvertAll(pairs, p => p.Value?.ToString() ?? string.Empty);
        try
        {
            var collector = _collectors.GetOrAdd(instrument, (i, labelNames) => Create(i, labelNames), names);
            switch (collector)
            {
                case Counter counter:
                    counter.WithLabels(values).Inc(value);
                    break;
                case Histogram histogram:
                    histogram.WithLabels(values).Observe(value);
                    break;
                case Gauge gauge when instrument.IsObservable:
                    // An observable gauge reports the current value at each collection, not a change.
                    gauge.WithLabels(values).Set(value);
                    break;
                case Gauge gauge:
                    gauge.WithLabels(values).Inc(value);
                    break;
            }
        }
        catch (ArgumentException)
        {
            // A measurement is recorded on the caller's thread (the admission path): an instrument that cannot be
            // exported (a name or label set Prometheus refuses) must cost only its own metric, never a decision.
        }
        catch (InvalidOperationException)
        {
            // As above: prometheus-net refuses a second collector of one name with other labels.
        }
    }

    /// <summary>An OpenTelemetry-style instrument or tag name (<c>signet.cache.hits</c>) as a Prometheus name (<c>signet_cache_hits</c>).</summary>
    internal static string PrometheusName(string instrumentName)
    {
        // Called for every tag of every measurement on the admission path: names already valid are returned as they are.
        if (!instrumentName.AsSpan().ContainsAnyExcept(s_prometheusNameChars))
        {
            return instrumentName;
        }

        var chars = instrumentName.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private Collector Create(Instrument instrument, string[] labelNames)
    {
        var help = instrument.Description ?? instrument.Name;
        var name = PrometheusName(instrument.Name);
        return instrument switch
        {
            Counter<long> or Counter<double> => _factory.CreateCounter(name + "_total", help, labelNames),
            Histogram<double> histogram => _factory.CreateHistogram(
                name + (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal) ? "_seconds" : string.Empty),
                help,
                new HistogramConfiguration { LabelNames = labelNames, Buckets = histogram.Advice?.HistogramBucketBoundaries?.ToArray() ?? Histogram.ExponentialBuckets(0.005, 2, 12) }),
            _ => _factory.CreateGauge(name, help, labelNames),
        };
    }
}
