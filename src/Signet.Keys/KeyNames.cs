using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Signet.Keys;

/// <summary>
/// Key names and the embedded store's ids: a name is <c>[a-z0-9][a-z0-9._-]{0,62}</c> (safe as a file name, a URI
/// segment and a Kubernetes label value); its id is <c>signet:&lt;name&gt;</c>.
/// </summary>
public static partial class KeyNames
{
    /// <summary>The URI scheme of embedded-store key ids.</summary>
    public const string EmbeddedScheme = "signet:";

    /// <summary>The name rule, quoted in error messages.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9._-]{0,62}";

    /// <summary>True when <paramref name="name"/> follows <see cref="Pattern"/>.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) => name is not null && NameRegex().IsMatch(name);

    /// <summary>The embedded id of a name (<c>signet:&lt;name&gt;</c>).</summary>
    public static string ToEmbeddedId(string name) => EmbeddedScheme + name;

    /// <summary>
    /// Reads the name out of an embedded id or a bare name; false when the input is another scheme or breaks the rule.
    /// </summary>
    public static bool TryGetEmbeddedName(string? keyId, [NotNullWhen(true)] out string? name)
    {
        name = keyId is not null && keyId.StartsWith(EmbeddedScheme, StringComparison.Ordinal) ? keyId[EmbeddedScheme.Length..] : keyId;
        if (IsValid(name))
        {
            return true;
        }

        name = null;
        return false;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NameRegex();
}
