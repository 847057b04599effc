using Signet.Webhook.Events;

namespace Signet.UnitTests.Webhook;

public sealed class KubernetesEventRecorderTests
{
    [Fact]
    public void ToEvent_Denial_NamesTheObjectAndCarriesTheMessage()
    {
        var now = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var coreEvent = KubernetesEventRecorder.ToEvent(new AdmissionEvent("ImageDenied", "Warning", "[SIGNATURE_NOT_FOUND] x", "apps/v1", "Deployment", "shop", "web", "uid-1"), now);

        Assert.Equal("web.", coreEvent.Metadata.GenerateName);
        Assert.Equal("shop", coreEvent.Metadata.NamespaceProperty);
        Assert.Equal("Deployment", coreEvent.InvolvedObject.Kind);
        Assert.Equal("apps/v1", coreEvent.InvolvedObject.ApiVersion);
        Assert.Equal("ImageDenied", coreEvent.Reason);
        Assert.Equal("Warning", coreEvent.Type);
        Assert.Equal("[SIGNATURE_NOT_FOUND] x", coreEvent.Message);
        Assert.Equal(now, coreEvent.FirstTimestamp);
    }

    [Fact]
    public void ToEvent_GeneratedNameAndNoNamespace_UsesThePrefixAndDefault()
    {
        var coreEvent = KubernetesEventRecorder.ToEvent(new AdmissionEvent("BreakGlass", "Warning", new string('m', 5000), "v1", "Pod", "", "web-7d9f-", "u"), DateTime.UnixEpoch);

        Assert.Equal("web-7d9f.", coreEvent.Metadata.GenerateName);
        Assert.Equal("default", coreEvent.Metadata.NamespaceProperty);
        Assert.Equal(1024, coreEvent.Message.Length);
    }
}
