namespace Signet.Webhook.Admission;

/// <summary>
/// The <c>admission.k8s.io/v1</c> AdmissionReview envelope the API server POSTs and expects back
/// (https://github.com/kubernetes/api/blob/master/admission/v1/types.go).
/// </summary>
internal sealed record AdmissionReview
{
    /// <summary>The only version served: <c>admission.k8s.io/v1</c>.</summary>
    public const string Version = "admission.k8s.io/v1";

    /// <summary>The envelope kind.</summary>
    public const string ReviewKind = "AdmissionReview";

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public AdmissionRequest? Request { get; init; }

    public AdmissionResponse? Response { get; init; }
}
