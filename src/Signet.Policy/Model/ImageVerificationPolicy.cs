namespace Signet.Policy.Model;

/// <summary>
/// A loaded, validated <c>signet.dev/v1alpha1</c> <c>ImageVerificationPolicy</c>: decides for one image in one
/// namespace whether it may run. Immutable; reloading produces a new instance with a new <see cref="Generation"/>.
/// </summary>
public sealed record ImageVerificationPolicy
{
    /// <summary>The API version this model reads.</summary>
    public const string ApiVersion = "signet.dev/v1alpha1";

    /// <summary>The kind this model reads.</summary>
    public const string Kind = "ImageVerificationPolicy";

    /// <summary><c>metadata.name</c>.</summary>
    public required string Name { get; init; }

    /// <summary>False admits every image (OKE <c>isPolicyEnabled: false</c>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>What happens to images no rule covers.</summary>
    public NoMatchAction NoMatch { get; init; } = NoMatchAction.Deny;

    /// <summary>True (default, OKE) refuses tag-only references unless <see cref="PinDigests"/> resolves them.</summary>
    public bool RequireDigest { get; init; } = true;

    /// <summary>
    /// True resolves tag-only references to a digest, verifies that digest and asks the webhook to rewrite the Pod
    /// to it (<see cref="Verdicts.ImageVerdict.PinnedReference"/>), so what runs is what was verified.
    /// </summary>
    public bool PinDigests { get; init; }

    /// <summary>Break-glass settings.</summary>
    public BreakGlassSettings BreakGlass { get; init; } = BreakGlassSettings.None;

    /// <summary>Last-known-good settings; null when off (the default: an unreachable registry denies).</summary>
    public LastKnownGoodSettings? LastKnownGood { get; init; }

    /// <summary>Exempted namespaces and images.</summary>
    public PolicyExemptions Exemptions { get; init; } = PolicyExemptions.None;

    /// <summary>The rules, in file order.</summary>
    public required IReadOnlyList<PolicyRule> Rules { get; init; }

    /// <summary>True when some rule selects namespaces by label, so an admission must know the namespace's labels.</summary>
    public bool UsesNamespaceLabels => Rules.Any(r => r.Namespaces.UsesLabels);

    /// <summary>
    /// <c>sha256:&lt;hex&gt;</c> over the normalized policy and its trusted key material: equal generations decide
    /// identically, so verification results are cached and last-known-good records kept per generation.
    /// </summary>
    public required string Generation { get; init; }

    /// <summary>The file the policy was loaded from.</summary>
    public string? Source { get; init; }
}
