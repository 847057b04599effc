using Signet.Policy.Model;

namespace Signet.Policy.Evaluation;

/// <summary>
/// Finds the rule for an image in a namespace: the most specific matching scope wins (exact name, then more literal
/// characters, fewer <c>**</c>, fewer <c>*</c>), then the more specific namespace selector (names, label selector,
/// any), then the rule written first. Exact scopes are a dictionary lookup and globs are indexed by their literal
/// <c>registry/first-segment</c> prefix or registry, so 10,000 team rules cost about what 10 do.
/// </summary>
internal sealed class RuleMatcher
{
    private readonly Dictionary<string, Candidate[]> _exact;
    private readonly Dictionary<string, Candidate[]> _globsByPrefix;
    private readonly Dictionary<string, Candidate[]> _globsByRegistry;
    private readonly Candidate[] _globsAnyRegistry;

    public RuleMatcher(IReadOnlyList<PolicyRule> rules)
    {
        var exact = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var byRegistry = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var byPrefix = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        var anyRegistry = new List<Candidate>();
        foreach (var rule in rules)
        {
            foreach (var scope in rule.Scopes)
            {
                var candidate = new Candidate(rule, scope);
                if (scope.IsExact)
                {
                    Add(exact, scope.Pattern, candidate);
                }
                else if (scope.LiteralPrefix2 is { } prefix)
                {
                    Add(byPrefix, prefix, candidate);
                }
                else if (scope.LiteralRegistry is { } registry)
                {
                    Add(byRegistry, registry, candidate);
                }
                else
                {
                    anyRegistry.Add(candidate);
                }
            }
        }

        _exact = exact.ToDictionary(p => p.Key, p => Sorted(p.Value), StringComparer.Ordinal);
        _globsByPrefix = byPrefix.ToDictionary(p => p.Key, p => Sorted(p.Value), StringComparer.Ordinal);
        _globsByRegistry = byRegistry.ToDictionary(p => p.Key, p => Sorted(p.Value), StringComparer.Ordinal);
        _globsAnyRegistry = Sorted(anyRegistry);
    }

    /// <summary>The rule for <paramref name="canonicalName"/> (<c>registry/repository</c>), or null.</summary>
    public PolicyRule? Match(string canonicalName, string registry, string @namespace, IReadOnlyDictionary<string, string> labels)
    {
        if (_exact.TryGetValue(canonicalName, out var exact) && First(exact, canonicalName, [], @namespace, labels) is { } exactMatch)
        {
            return exactMatch.Rule;
        }

        var segments = canonicalName.Split('/');
        Candidate? best = null;
        if (segments.Length > 2 && _globsByPrefix.TryGetValue(segments[0] + "/" + segments[1], out var byPrefix))
        {
            best = First(byPrefix, canonicalName, segments, @namespace, labels);
        }

        if (_globsByRegistry.TryGetValue(registry, out var byRegistry))
        {
            best = Better(best, First(byRegistry, canonicalName, segments, @namespace, labels));
        }

        return Better(best, First(_globsAnyRegistry, canonicalName, segments, @namespace, labels))?.Rule;
    }

    private static Candidate? Better(Candidate? a, Candidate? b) =>
        a is null ? b : b is null ? a : Compare(a, b) <= 0 ? a : b;

    private static Candidate? First(Candidate[] candidates, string name, string[] segments, string @namespace, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Scope.IsMatch(name, segments) && candidate.Rule.Namespaces.Matches(@namespace, labels))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void Add(Dictionary<string, List<Candidate>> map, string key, Candidate candidate)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(candidate);
    }

    private static Candidate[] Sorted(List<Candidate> candidates)
    {
        var array = candidates.ToArray();
        Array.Sort(array, Compare);
        return array;
    }

    /// <summary>Negative when <paramref name="a"/> should win over <paramref name="b"/>.</summary>
    private static int Compare(Candidate a, Candidate b)
    {
        var scope = b.Scope.CompareSpecificity(a.Scope);
        if (scope != 0)
        {
            return scope;
        }

        var namespaces = b.Rule.Namespaces.Specificity.CompareTo(a.Rule.Namespaces.Specificity);
        return namespaces != 0 ? namespaces : a.Rule.Index.CompareTo(b.Rule.Index);
    }

    private sealed record Candidate(PolicyRule Rule, ScopePattern Scope);
}
