namespace Signet.Webhook.Admission;

/// <summary>The <c>response</c> of an AdmissionReview: the verdict, a status for denials, warnings and an optional patch.</summary>
internal sealed record AdmissionResponse
{
    /// <summary>The value of <see cref="PatchType"/> for RFC 6902 patches.</summary>
    public const string JsonPatchType = "JSONPatch";

    public required string Uid { get; init; }

    public required bool Allowed { get; init; }

    public AdmissionStatus? Status { get; init; }

    /// <summary>The RFC 6902 patch; serialized as base64 as the API requires.</summary>
    public byte[]? Patch { get; init; }

    public string? PatchType { get; init; }

    public IReadOnlyDictionary<string, string>? AuditAnnotations { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
}
