namespace Signet.Webhook.Admission;

/// <summary>A Kubernetes group/version/resource.</summary>
internal sealed record GroupVersionResource
{
    public string? Group { get; init; }

    public string? Version { get; init; }

    public string? Resource { get; init; }
}
