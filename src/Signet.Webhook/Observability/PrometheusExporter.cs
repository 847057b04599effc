using System.Diagnostics.Metrics;
using Prometheus;
using Signet.Admission;

namespace Signet.Webhook.Observability;

/// <summary>
/// Publishes this host's <c>Signet</c> meter (and only this host's: instruments are filtered by the meter factory
/// that created them) to a private Prometheus registry served on <c>/metrics</c>.
/// </summary>
internal sealed class PrometheusExporter : IHostedService, IDisposable
{
    private readonly IMeterFactory _meterFactory;
    private IDisposable? _adapter;

    public PrometheusExporter(IMeterFactory meterFactory, SignetMetrics metrics)
    {
        _meterFactory = meterFactory;

        // Resolving SignetMetrics here creates the instruments before the listener starts.
        _ = metrics;
        Registry = Metrics.NewCustomRegistry();
    }

    public CollectorRegistry Registry { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == SignetMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, _meterFactory),
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _adapter?.Dispose();
        _adapter = null;
    }
}
