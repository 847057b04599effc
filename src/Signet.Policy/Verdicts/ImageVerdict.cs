using Signet.Core.Digests;
using Signet.Policy.Model;

namespace Signet.Policy.Verdicts;

/// <summary>
/// The verdict for one image: the decision, a stable reason code, what was found and tried, and what the user can do
/// next. Serializable as a whole for logs and <c>--output json</c>.
/// </summary>
public sealed record ImageVerdict
{
    /// <summary>The image as written in the Pod.</summary>
    public required string Image { get; init; }

    /// <summary>The canonical reference, when it parsed.</summary>
    public string? Reference { get; init; }

    /// <summary>The digest verified (or that would have been), when known.</summary>
    public Digest? Digest { get; init; }

    /// <summary><c>registry/repository@digest</c> to rewrite the Pod to, when the policy pins digests and the image used a tag.</summary>
    public string? PinnedReference { get; init; }

    /// <summary>The decision for this image.</summary>
    public required Decision Decision { get; init; }

    /// <summary><c>VERIFIED</c> or a <see cref="Core.Errors.SignetErrorCode"/> value.</summary>
    public required string Code { get; init; }

    /// <summary>What happened: terse fact and detail.</summary>
    public required string Message { get; init; }

    /// <summary>The next step for the user (a command or policy change).</summary>
    public string? Hint { get; init; }

    /// <summary>The rule that applied, if any.</summary>
    public string? Rule { get; init; }

    /// <summary>The rule's mode, if a rule applied.</summary>
    public RuleMode? Mode { get; init; }

    /// <summary>The signatures found and why each was accepted or rejected.</summary>
    public IReadOnlyList<SignatureFinding> Signatures { get; init; } = [];

    /// <summary>The trusted keys the signatures were checked against (capped at 20 entries plus a count).</summary>
    public IReadOnlyList<string> TrustedKeys { get; init; } = [];

    /// <summary>True when the trust outcome came from the verification cache.</summary>
    public bool FromCache { get; init; }

    /// <summary>Warnings to show the user (warn mode, Notary Project logged findings).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
