namespace Signet.Admission;

/// <summary>The verdict on one image of a workload.</summary>
public sealed record ImageDecision
{
    /// <summary>The image as written.</summary>
    public required ContainerImage Container { get; init; }

    /// <summary>True when this image may run.</summary>
    public required bool Allowed { get; init; }

    /// <summary>A stable reason code (SignetErrorCode, or VERIFIED / EXEMPT / BREAK_GLASS / NO_POLICY_MATCH…).</summary>
    public required string Code { get; init; }

    /// <summary>A one-line explanation with the next step.</summary>
    public required string Message { get; init; }

    /// <summary>The reference pinned to its verified digest (<c>repo:tag@sha256:…</c>), for mutation; null when not resolved.</summary>
    public string? PinnedReference { get; init; }

    /// <summary>Mode of the rule that decided (enforce, warn, audit), when a rule matched.</summary>
    public string? Mode { get; init; }

    /// <summary>The full explanation (signatures found, why each was rejected, keys tried) for logs and JSON output.</summary>
    public object? Details { get; init; }
}

/// <summary>The decision on a whole workload, ready for the webhook to render as an AdmissionResponse.</summary>
public sealed record AdmissionDecision
{
    /// <summary>True when the workload may be stored.</summary>
    public required bool Allowed { get; init; }

    /// <summary>The stable code of the decisive image (first denial), or VERIFIED.</summary>
    public required string Code { get; init; }

    /// <summary>A short message (at most 1 KiB) for the API server: which images were denied and why.</summary>
    public required string Message { get; init; }

    /// <summary>Warnings for the user (warn mode), each at most 120 characters.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>One decision per image.</summary>
    public required IReadOnlyList<ImageDecision> Images { get; init; }

    /// <summary>Set when a break-glass annotation admitted the workload (always recorded).</summary>
    public BreakGlassUse? BreakGlass { get; init; }

    /// <summary>decision label for metrics: allow, deny, warn.</summary>
    public string DecisionLabel => !Allowed ? "deny" : Warnings.Count > 0 ? "warn" : "allow";

    /// <summary>The policy mode that decided (enforce, warn, audit) for metrics.</summary>
    public string Mode { get; init; } = "enforce";
}

/// <summary>A use of break-glass: who, on which workload, with which annotation.</summary>
/// <param name="User">The requesting user.</param>
/// <param name="Annotation">The annotation that requested it.</param>
/// <param name="Reason">Why it was honoured (user/group listed) or refused.</param>
/// <param name="Honoured">True when the workload was admitted because of it.</param>
public sealed record BreakGlassUse(string? User, string Annotation, string Reason, bool Honoured);

/// <summary>Decides whether a workload may run. Implemented by the application layer; called by the webhook and the CLI.</summary>
public interface IAdmissionEvaluator
{
    /// <summary>Evaluates every image of the workload under the policy in force; never throws for user-caused outcomes.</summary>
    Task<AdmissionDecision> EvaluateAsync(AdmissionRequestInfo request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies one image (Gatekeeper external data, <c>signet verify --policy</c>): the image decision for a reference in
    /// a namespace, whose labels are <paramref name="namespaceLabels"/> when given, else looked up as for a workload.
    /// </summary>
    Task<ImageDecision> EvaluateImageAsync(string image, string? @namespace, IReadOnlyDictionary<string, string>? namespaceLabels = null, CancellationToken cancellationToken = default);

    /// <summary>True when a valid policy and its key material are loaded (readiness).</summary>
    bool IsReady { get; }
}
