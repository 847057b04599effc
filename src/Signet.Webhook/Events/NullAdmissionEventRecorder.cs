namespace Signet.Webhook.Events;

/// <summary>The recorder outside a cluster (or with events disabled): events are dropped; the audit log still has every decision.</summary>
internal sealed class NullAdmissionEventRecorder : IAdmissionEventRecorder
{
    public void Record(AdmissionEvent admissionEvent)
    {
    }
}
