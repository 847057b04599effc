using System.Diagnostics.CodeAnalysis;
using Signet.Core.References;
using Signet.Policy.Model;

namespace Signet.Policy.Loading;

/// <summary>Parses and normalizes scope globs so that they compare against canonical image names.</summary>
internal static class ScopePatternParser
{
    private const int MaxSegments = 32;
    private const int MaxDoubleStars = 4;

    public static bool TryParse(string text, [NotNullWhen(true)] out ScopePattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a scope must not be empty; use '**' for every image.";
            return false;
        }

        if (text.Length > 512)
        {
            error = "a scope is at most 512 characters.";
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':' or '*' or '[' or ']'))
            {
                error = c == '?'
                    ? $"'{text}': '?' is not supported; use '*' (within a path segment) or '**' (whole segments)."
                    : $"'{text}' contains '{c}'; a scope is a registry/repository name with '*' and '**' wildcards, without tag or digest.";
                return false;
            }
        }

        if (text == "**")
        {
            pattern = new ScopePattern("**");
            error = null;
            return true;
        }

        if (text == "*")
        {
            error = "'*' matches one path segment only, so no image; use '**' for every image.";
            return false;
        }

        var segments = text.Split('/');
        if (segments.Length > MaxSegments)
        {
            error = $"'{text}' has more than {MaxSegments} path segments.";
            return false;
        }

        var doubleStars = 0;
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                error = $"'{text}' has an empty path segment (leading, trailing or doubled '/').";
                return false;
            }

            if (segment == "**")
            {
                doubleStars++;
            }
            else if (segment.Contains("**", StringComparison.Ordinal))
            {
                error = $"'{text}': '**' must be a whole path segment (as in 'registry.example.com/**'); use '*' inside a segment.";
                return false;
            }
        }

        if (doubleStars > MaxDoubleStars)
        {
            error = $"'{text}' has more than {MaxDoubleStars} '**' segments.";
            return false;
        }

        var normalized = Normalize(segments);
        if (normalized.IndexOf(':', normalized.IndexOf('/', StringComparison.Ordinal)) >= 0)
        {
            error = $"'{text}' names a tag; a scope names repositories only (the policy applies to every tag and digest).";
            return false;
        }

        if (!normalized.Contains('*', StringComparison.Ordinal))
        {
            if (!ImageReference.TryParse(normalized, out var reference, out var referenceError))
            {
                error = $"'{text}' is not a repository name: {referenceError}";
                return false;
            }

            if (!string.Equals(reference.Name, normalized, StringComparison.Ordinal))
            {
                error = $"'{text}' is not a canonical repository name (it reads as '{reference.Canonical}').";
                return false;
            }
        }
        else if (normalized.AsSpan(normalized.IndexOf('/', StringComparison.Ordinal)).ContainsAnyInRange('A', 'Z'))
        {
            error = $"'{text}': repository names are lower case.";
            return false;
        }

        pattern = new ScopePattern(normalized);
        error = null;
        return true;
    }

    /// <summary>Applies Docker's normalization: a first segment that is not a host means Docker Hub; one segment means an official image.</summary>
    private static string Normalize(string[] segments)
    {
        var first = segments[0];
        if (segments.Length == 1)
        {
            return ImageReference.DockerHubRegistry + "/library/" + first;
        }

        var isHost = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || first.StartsWith('[') || first.Contains('*', StringComparison.Ordinal)
            || first.Any(char.IsAsciiLetterUpper);
        if (!isHost)
        {
            return ImageReference.DockerHubRegistry + "/" + string.Join('/', segments);
        }

        if (first is "index.docker.io" or "registry-1.docker.io")
        {
            segments[0] = ImageReference.DockerHubRegistry;
        }

        if (segments[0] == ImageReference.DockerHubRegistry && segments.Length == 2 && !segments[1].Contains('*', StringComparison.Ordinal))
        {
            return ImageReference.DockerHubRegistry + "/library/" + segments[1];
        }

        return string.Join('/', segments);
    }
}
