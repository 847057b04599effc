namespace Signet.Webhook.Admission;

/// <summary>One admission decision as written to the audit log (one JSON object per decision).</summary>
internal sealed record AuditRecord
{
    public required string Uid { get; init; }

    public string? User { get; init; }

    public string? Namespace { get; init; }

    public required string Kind { get; init; }

    public string? Name { get; init; }

    public string? Operation { get; init; }

    public bool DryRun { get; init; }

    public required string Endpoint { get; init; }

    public required string Verdict { get; init; }

    public required string Code { get; init; }

    public string? Mode { get; init; }

    public required IReadOnlyList<AuditImage> Images { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    public string? BreakGlass { get; init; }

    public double DurationMs { get; init; }
}
