using System.Diagnostics.CodeAnalysis;
using Signet.Core.Digests;
using Signet.Core.References;

namespace Signet.Core.Layout;

/// <summary>
/// Names content in an OCI image layout directory, <c>oci-layout:&lt;dir&gt;[:tag][@digest]</c>: how a user points
/// Signet at the embedded store instead of a registry (like <c>notation --oci-layout</c>).
/// </summary>
/// <remarks>
/// Parsing rule, so that directories may contain ':' and '@': a digest is the text after the last '@' when that text
/// contains ':' and no '/'; a tag is then the text after the last ':' when that text contains no '/'. Both must be
/// valid (errors name the offending part). To name a directory whose last component contains ':' (or '@…:'), end it
/// with '/': <c>oci-layout:/data/a:b/</c> is the directory <c>/data/a:b/</c>, <c>oci-layout:/data/a:b/:v1</c> its tag
/// <c>v1</c>. See docs/design/oci-layout-store.md.
/// </remarks>
public sealed record OciLayoutReference
{
    /// <summary>The prefix that marks an OCI layout reference.</summary>
    public const string Scheme = "oci-layout:";

    private OciLayoutReference(string directory, string? tag, Digest? digest)
    {
        Directory = directory;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The layout directory, as written (relative paths are relative to the working directory).</summary>
    public string Directory { get; }

    /// <summary>The tag (<c>org.opencontainers.image.ref.name</c> in <c>index.json</c>), when given.</summary>
    public string? Tag { get; }

    /// <summary>The digest, when given; it wins over the tag when both are given.</summary>
    public Digest? Digest { get; }

    /// <summary>What to resolve in the layout: the digest when given, else the tag, else null (the layout only).</summary>
    public string? ManifestReference => Digest?.ToString() ?? Tag;

    /// <summary>True when <paramref name="value"/> starts with <c>oci-layout:</c>, so callers can route it here instead of to a registry.</summary>
    public static bool IsOciLayoutReference([NotNullWhen(true)] string? value) =>
        value is not null && value.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>Parses <c>oci-layout:&lt;dir&gt;[:tag][@digest]</c>; throws <see cref="FormatException"/> naming the offending part.</summary>
    public static OciLayoutReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Parses <c>oci-layout:&lt;dir&gt;[:tag][@digest]</c>, returning why it is invalid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out OciLayoutReference? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!IsOciLayoutReference(value))
        {
            error = $"'{value}' is not an OCI layout reference; expected 'oci-layout:<dir>[:tag|@digest]'.";
            return false;
        }

        if (value.Any(char.IsControl))
        {
            error = $"The OCI layout reference '{value}' contains a control character.";
            return false;
        }

        var rest = value[Scheme.Length..];
        Digest? digest = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0 && rest.IndexOf(':', at) > at && rest.IndexOf('/', at) < 0)
        {
            var digestText = rest[(at + 1)..];
            if (!Digests.Digest.TryParse(digestText, out var parsed, out var digestError))
            {
                error = $"The digest '{digestText}' of '{value}' is invalid: {digestError}";
                return false;
            }

            digest = parsed;
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && rest.IndexOf('/', colon) < 0)
        {
            tag = rest[(colon + 1)..];
            if (!ImageReference.IsValidTag(tag))
            {
                error = tag.Length == 0
                    ? $"The OCI layout reference '{value}' has an empty tag after ':'; end the directory with '/' if ':' belongs to its name."
                    : $"The tag '{tag}' of '{value}' is invalid: a tag is 1 to 128 characters of [A-Za-z0-9_.-] and must not start with '.' or '-'.";
                return false;
            }

            rest = rest[..colon];
        }

        if (rest.Length == 0)
        {
            error = $"The OCI layout reference '{value}' names no directory.";
            return false;
        }

        result = new OciLayoutReference(rest, tag, digest);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Scheme + Directory + (Tag is null ? string.Empty : ":" + Tag) + (Digest is { } d ? "@" + d : string.Empty);
}
