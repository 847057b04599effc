namespace Signet.Webhook.Events;

/// <summary>
/// Publishes Kubernetes Events for denials and break-glass. <see cref="Record"/> never blocks the admission answer:
/// implementations queue and post in the background.
/// </summary>
public interface IAdmissionEventRecorder
{
    /// <summary>Queues one event; drops it (and logs) when the queue is full.</summary>
    void Record(AdmissionEvent admissionEvent);
}
