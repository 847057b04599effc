using System.IO.Enumeration;

namespace Signet.Policy.Model;

/// <summary>
/// Which namespaces a rule (or an exemption) applies to: names (with <c>*</c> globs) and a Kubernetes label selector.
/// When both are given a namespace must satisfy both; when neither is given every namespace matches.
/// </summary>
public sealed record NamespaceSelector
{
    /// <summary>Selects every namespace.</summary>
    public static NamespaceSelector Any { get; } = new();

    /// <summary>Namespace names or globs (<c>team-*</c>); empty means any name.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary><c>matchLabels</c>: every pair must be present.</summary>
    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = new Dictionary<string, string>();

    /// <summary><c>matchExpressions</c>: every requirement must hold.</summary>
    public IReadOnlyList<LabelSelectorRequirement> MatchExpressions { get; init; } = [];

    /// <summary>True when the selector has neither names nor labels.</summary>
    public bool IsAny => Names.Count == 0 && MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>True when matching needs the namespace's labels (<c>matchLabels</c> or <c>matchExpressions</c>).</summary>
    public bool UsesLabels => MatchLabels.Count > 0 || MatchExpressions.Count > 0;

    /// <summary>
    /// Namespace specificity for breaking ties between equally specific scopes: names (2) beat a label selector (1)
    /// beats any namespace (0).
    /// </summary>
    public int Specificity => Names.Count > 0 ? 2 : IsAny ? 0 : 1;

    /// <summary>True when the namespace called <paramref name="name"/> with <paramref name="labels"/> is selected.</summary>
    public bool Matches(string name, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labels);
        if (Names.Count > 0 && !Names.Any(n => FileSystemName.MatchesSimpleExpression(n, name, ignoreCase: false)))
        {
            return false;
        }

        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A stable text form used for duplicate detection and the policy generation.</summary>
    internal string Normalized() =>
        string.Join(",", Names.Order(StringComparer.Ordinal)) + "|"
        + string.Join(",", MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)) + "|"
        + string.Join(",", MatchExpressions.Select(e => e.Key + " " + e.Operator + " (" + string.Join(",", e.Values) + ")").Order(StringComparer.Ordinal));
}
