namespace Signet.Webhook.Admission;

/// <summary>The requesting user as the API server authenticated it.</summary>
internal sealed record AdmissionUserInfo
{
    public string? Username { get; init; }

    public string? Uid { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }
}
