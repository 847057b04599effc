namespace Signet.Webhook.Admission;

/// <summary>The <c>metav1.Status</c> subset the API server shows a user on denial.</summary>
internal sealed record AdmissionStatus
{
    public required int Code { get; init; }

    public required string Message { get; init; }

    public string? Reason { get; init; }
}
