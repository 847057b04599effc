using System.IO.Enumeration;

namespace Signet.Policy.Model;

/// <summary>
/// A registry/repository glob matched against the canonical image name (<c>registry/repository</c>, no tag or digest),
/// so <c>nginx</c> and <c>docker.io/library/nginx</c> name the same image.
/// </summary>
/// <remarks>
/// Syntax: segments separated by <c>/</c>; <c>*</c> inside a segment matches any characters except <c>/</c>; a segment
/// that is exactly <c>**</c> matches one or more whole segments; the pattern <c>**</c> alone matches every image.
/// Specificity (most specific wins): an exact name beats any glob; then more literal (non-<c>*</c>) characters; then
/// fewer <c>**</c> segments; then fewer <c>*</c>. See docs/policies.md, "Which rule applies".
/// </remarks>
public sealed class ScopePattern : IEquatable<ScopePattern>
{
    private readonly string[] _segments;

    internal ScopePattern(string pattern)
    {
        Pattern = pattern;
        _segments = pattern.Split('/');
        IsExact = !pattern.Contains('*', StringComparison.Ordinal);
        var first = _segments[0];
        LiteralRegistry = first.Contains('*', StringComparison.Ordinal) ? null : first;
        foreach (var segment in _segments)
        {
            if (segment == "**")
            {
                DoubleStars++;
            }
            else
            {
                foreach (var c in segment)
                {
                    if (c == '*')
                    {
                        SingleStars++;
                    }
                    else
                    {
                        LiteralCharacters++;
                    }
                }
            }
        }

        LiteralCharacters += _segments.Length - 1;
    }

    /// <summary>The normalized pattern (Docker Hub names expanded: <c>nginx</c> → <c>docker.io/library/nginx</c>).</summary>
    public string Pattern { get; }

    /// <summary>True when the pattern has no wildcard.</summary>
    public bool IsExact { get; }

    /// <summary>The registry when the first segment has no wildcard (used to index rules by registry).</summary>
    public string? LiteralRegistry { get; }

    /// <summary>Non-wildcard characters, separators included.</summary>
    public int LiteralCharacters { get; }

    /// <summary>Number of <c>**</c> segments.</summary>
    public int DoubleStars { get; }

    /// <summary>Number of <c>*</c> inside segments.</summary>
    public int SingleStars { get; }

    /// <summary>True when <paramref name="canonicalName"/> (<c>registry/repository</c>) matches.</summary>
    public bool IsMatch(string canonicalName)
    {
        if (IsExact)
        {
            return string.Equals(Pattern, canonicalName, StringComparison.Ordinal);
        }

        return Match(0, canonicalName.Split('/'), 0);
    }

    /// <summary>Matches a canonical name already split at '/' (the matcher splits once for all rules).</summary>
    internal bool IsMatch(string canonicalName, string[] segments) =>
        IsExact ? string.Equals(Pattern, canonicalName, StringComparison.Ordinal) : Match(0, segments, 0);

    /// <summary>The first two segments when both are literal and more follow (<c>registry/team</c> of <c>registry/team/**</c>).</summary>
    internal string? LiteralPrefix2 =>
        _segments.Length > 2 && LiteralRegistry is not null && !_segments[1].Contains('*', StringComparison.Ordinal)
            ? _segments[0] + "/" + _segments[1]
            : null;

    /// <summary>
    /// Compares specificity: positive when this pattern is more specific than <paramref name="other"/>, zero when equal.
    /// </summary>
    public int CompareSpecificity(ScopePattern other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsExact != other.IsExact)
        {
            return IsExact ? 1 : -1;
        }

        if (LiteralCharacters != other.LiteralCharacters)
        {
            return LiteralCharacters.CompareTo(other.LiteralCharacters);
        }

        if (DoubleStars != other.DoubleStars)
        {
            return other.DoubleStars.CompareTo(DoubleStars);
        }

        return other.SingleStars.CompareTo(SingleStars);
    }

    /// <inheritdoc />
    public bool Equals(ScopePattern? other) => other is not null && string.Equals(Pattern, other.Pattern, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ScopePattern);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Pattern);

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private bool Match(int p, string[] names, int n)
    {
        while (p < _segments.Length)
        {
            var segment = _segments[p];
            if (segment == "**")
            {
                // '**' takes one or more whole segments; the rest of the pattern must match what follows.
                for (var take = 1; n + take <= names.Length; take++)
                {
                    if (Match(p + 1, names, n + take))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (n >= names.Length || !FileSystemName.MatchesSimpleExpression(segment, names[n], ignoreCase: false))
            {
                return false;
            }

            p++;
            n++;
        }

        return n == names.Length;
    }
}
