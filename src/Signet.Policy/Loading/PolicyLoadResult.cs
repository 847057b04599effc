using System.Diagnostics.CodeAnalysis;
using Signet.Policy.Model;

namespace Signet.Policy.Loading;

/// <summary>The outcome of loading a policy: the policy, or every error found (never only the first).</summary>
public sealed record PolicyLoadResult
{
    /// <summary>The policy, when the document is valid.</summary>
    public ImageVerificationPolicy? Policy { get; init; }

    /// <summary>Every error, in document order.</summary>
    public IReadOnlyList<PolicyError> Errors { get; init; } = [];

    /// <summary>True when the policy loaded.</summary>
    [MemberNotNullWhen(true, nameof(Policy))]
    public bool IsValid => Policy is not null && Errors.Count == 0;

    /// <summary>All errors, one per line, for a CLI or a log entry.</summary>
    public string Describe() => string.Join(Environment.NewLine, Errors);
}
