namespace Signet.Policy.Verdicts;

/// <summary>
/// A break-glass request, granted or refused. The webhook turns every record into an audit log entry, a
/// <c>signet.admission.break_glass</c> metric and a Kubernetes Event on the Pod.
/// </summary>
public sealed record BreakGlassRecord
{
    /// <summary>The annotation that asked for it.</summary>
    public required string Annotation { get; init; }

    /// <summary>True when verification was skipped.</summary>
    public required bool Granted { get; init; }

    /// <summary><c>BREAK_GLASS_USED</c>, <c>BREAK_GLASS_NOT_ALLOWED</c> or <c>BREAK_GLASS_EXPIRED</c>.</summary>
    public required string Code { get; init; }

    /// <summary>What happened, for the audit log.</summary>
    public required string Message { get; init; }

    /// <summary>The requesting user.</summary>
    public required string User { get; init; }

    /// <summary>The requesting user's groups.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>When it was evaluated.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The policy's break-glass expiry, if any.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>True for a dry-run admission (recorded, but nothing ran).</summary>
    public bool DryRun { get; init; }
}
