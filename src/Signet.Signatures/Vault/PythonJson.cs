using System.Text;

namespace Signet.Signatures.Vault;

/// <summary>
/// Writes JSON strings exactly as Python's <c>json.dumps(..., separators=(',', ':'))</c> does with its default
/// <c>ensure_ascii=True</c>: the encoding Oracle's CLI uses for the vault-key signature message.
/// </summary>
/// <remarks>
/// Python (<c>json/encoder.py</c>, <c>py_encode_basestring_ascii</c>) escapes <c>"</c> and <c>\</c>, writes
/// <c>\n \r \t \b \f</c> short, and every other character outside <c>' '</c>..<c>'~'</c> (so also DEL, U+007F) as
/// <c>\uxxxx</c> in lower-case hex, astral characters as a surrogate pair. It does not escape <c>/ &lt; &gt; &amp;</c>.
/// Iterating UTF-16 code units and escaping each gives the same bytes, surrogate pairs included.
/// </remarks>
internal static class PythonJson
{
    /// <summary>Appends <paramref name="value"/> as a quoted, ASCII-only JSON string.</summary>
    public static void AppendString(StringBuilder builder, string value) => GoJsonString.Append(builder, value, pythonAscii: true);

    /// <summary>Returns <paramref name="value"/> as a quoted JSON string.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendString(builder, value);
        return builder.ToString();
    }
}
