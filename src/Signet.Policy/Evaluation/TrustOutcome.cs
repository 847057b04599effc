using Signet.Core.Digests;
using Signet.Policy.Verdicts;

namespace Signet.Policy.Evaluation;

/// <summary>
/// Whether an image's signatures satisfy a rule's trust: the part of a verdict that depends only on the digest, the
/// rule and the policy generation, and so is what the verification cache stores.
/// </summary>
public sealed record TrustOutcome
{
    /// <summary>True when the rule's trust is satisfied.</summary>
    public required bool Satisfied { get; init; }

    /// <summary><c>VERIFIED</c>, <c>VERIFICATION_SKIPPED</c> or the reason code of the failure.</summary>
    public required string Code { get; init; }

    /// <summary>What was found, naming the deciding signature or the reason none counted.</summary>
    public required string Message { get; init; }

    /// <summary>The digest whose signatures decided (the index's when inherited).</summary>
    public Digest? Subject { get; init; }

    /// <summary>Every signature found and why each was accepted or rejected.</summary>
    public IReadOnlyList<SignatureFinding> Signatures { get; init; } = [];

    /// <summary>Findings the verifiers only logged.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>When the verification ran.</summary>
    public DateTimeOffset VerifiedAt { get; init; }

    /// <summary>An estimate of the memory this outcome holds, for the cache's byte bound.</summary>
    internal long EstimateBytes()
    {
        long bytes = 160 + (2 * Message.Length) + (2 * Code.Length);
        foreach (var finding in Signatures)
        {
            bytes += 240 + (2 * finding.Reason.Length) + (2 * (finding.Signer?.ToString().Length ?? 0));
        }

        foreach (var warning in Warnings)
        {
            bytes += 32 + (2 * warning.Length);
        }

        return bytes;
    }
}
