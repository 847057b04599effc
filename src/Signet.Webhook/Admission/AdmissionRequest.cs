using System.Text.Json;

namespace Signet.Webhook.Admission;

/// <summary>The <c>request</c> of an AdmissionReview: what is being admitted, by whom, and the object itself.</summary>
internal sealed record AdmissionRequest
{
    public string? Uid { get; init; }

    public GroupVersionKind? Kind { get; init; }

    public GroupVersionResource? Resource { get; init; }

    public string? SubResource { get; init; }

    public GroupVersionKind? RequestKind { get; init; }

    public GroupVersionResource? RequestResource { get; init; }

    public string? RequestSubResource { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Operation { get; init; }

    public AdmissionUserInfo? UserInfo { get; init; }

    public JsonElement? Object { get; init; }

    public JsonElement? OldObject { get; init; }

    public bool? DryRun { get; init; }
}
