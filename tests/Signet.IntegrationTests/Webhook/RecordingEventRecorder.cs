using System.Collections.Concurrent;
using Signet.Webhook.Events;

namespace Signet.IntegrationTests.Webhook;

/// <summary>Collects the events the webhook asks to publish (the webhook's own seam; the in-cluster poster needs a cluster).</summary>
internal sealed class RecordingEventRecorder : IAdmissionEventRecorder
{
    public ConcurrentQueue<AdmissionEvent> Events { get; } = new();

    public void Record(AdmissionEvent admissionEvent) => Events.Enqueue(admissionEvent);
}
