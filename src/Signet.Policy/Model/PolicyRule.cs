namespace Signet.Policy.Model;

/// <summary>One rule: which images (scope globs) in which namespaces, what is trusted, and what happens on failure.</summary>
public sealed record PolicyRule
{
    /// <summary>The rule name, unique in the policy.</summary>
    public required string Name { get; init; }

    /// <summary>Image scopes (at least one).</summary>
    public required IReadOnlyList<ScopePattern> Scopes { get; init; }

    /// <summary>The namespaces the rule applies to.</summary>
    public NamespaceSelector Namespaces { get; init; } = NamespaceSelector.Any;

    /// <summary>What a failure does.</summary>
    public RuleMode Mode { get; init; } = RuleMode.Enforce;

    /// <summary>What is trusted.</summary>
    public RuleTrust Trust { get; init; } = RuleTrust.None;

    /// <summary>
    /// True when a platform manifest reached through an index (multi-architecture image) is trusted by a valid
    /// signature on the index, as <c>docker pull</c> of a signed index implies; false to require signatures on the
    /// platform manifest itself.
    /// </summary>
    public bool InheritIndexSignatures { get; init; } = true;

    /// <summary>The rule's position in the file (0-based), the last tie-breaker.</summary>
    public int Index { get; init; }

    /// <summary>Where the rule starts in the policy file.</summary>
    public SourceLocation? Location { get; init; }
}
