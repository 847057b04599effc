using Signet.Core.Digests;
using Signet.Core.References;
using Signet.Policy.Model;

namespace Signet.Policy.Evaluation;

/// <summary>Which signatures to verify, against what.</summary>
public sealed record SignatureQuery
{
    /// <summary>The image resolved from the Pod's reference.</summary>
    public required ResolvedImage Image { get; init; }

    /// <summary>The manifest whose signatures to check: the image's own digest, or its index's when inherited.</summary>
    public required Digest Subject { get; init; }

    /// <summary>The subject as a reference (<c>registry/repository@digest</c>), for verifiers that check the repository.</summary>
    public ImageReference SubjectReference => Image.Reference.WithDigestOnly(Subject);

    /// <summary>The rule that applies; the application layer may cache verifiers per rule and generation.</summary>
    public required PolicyRule Rule { get; init; }

    /// <summary>The trust material to build verifiers from (the rule's <see cref="PolicyRule.Trust"/>).</summary>
    public RuleTrust Trust => Rule.Trust;

    /// <summary>The policy generation (a stable key for verifier caches).</summary>
    public required string Generation { get; init; }
}
