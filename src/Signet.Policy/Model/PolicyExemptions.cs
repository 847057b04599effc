namespace Signet.Policy.Model;

/// <summary>Namespaces and images that are admitted without verification (the verdict still records the exemption).</summary>
public sealed record PolicyExemptions
{
    /// <summary>Nothing is exempt.</summary>
    public static PolicyExemptions None { get; } = new();

    /// <summary>Namespace names or globs (<c>kube-system</c>, <c>team-*</c>).</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Image scope globs matched against the canonical name, same syntax as rule scopes.</summary>
    public IReadOnlyList<ScopePattern> Images { get; init; } = [];
}
