namespace Signet.Webhook.Admission;

/// <summary>A Kubernetes group/version/kind.</summary>
internal sealed record GroupVersionKind
{
    public string? Group { get; init; }

    public string? Version { get; init; }

    public string? Kind { get; init; }
}
