using System.Text;

namespace Signet.Signatures;

/// <summary>
/// Writes JSON strings the way Go's <c>encoding/json</c> does, so that the payloads and manifests Signet writes are
/// byte-identical to those of cosign and containers/image (System.Text.Json escapes <c>+</c>, Go does not).
/// </summary>
/// <remarks>
/// Go escapes <c>"</c>, <c>\</c>, control characters (<c>\n \r \t \b \f</c> short, others <c>\u00xx</c>), the HTML
/// characters <c>&lt; &gt; &amp;</c> and U+2028/U+2029; everything else is written as UTF-8. A lone surrogate becomes
/// U+FFFD, as Go writes invalid UTF-8.
/// </remarks>
internal static class GoJsonString
{
    private const string Hex = "0123456789abcdef";

    /// <summary>Appends <paramref name="value"/> as a quoted JSON string.</summary>
    public static void AppendString(StringBuilder builder, string value) => Append(builder, value, pythonAscii: false);

    /// <summary>
    /// The one JSON string escaper of the signature formats: Go's <c>encoding/json</c> rules, or with
    /// <paramref name="pythonAscii"/> Python's <c>json.dumps</c> default (<c>ensure_ascii</c>: every character outside
    /// <c>' '</c>..<c>'~'</c> as <c>\uxxxx</c>, HTML characters left alone). Both write the same short escapes.
    /// </summary>
    internal static void Append(StringBuilder builder, string value, bool pythonAscii)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case var ascii when pythonAscii:
                    if (ascii is >= ' ' and <= '~')
                    {
                        builder.Append(ascii);
                    }
                    else
                    {
                        AppendUnicodeEscape(builder, ascii);
                    }

                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    AppendUnicodeEscape(builder, c);
                    break;
                default:
                    if (c < 0x20)
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        builder.Append('\uFFFD');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Appends a string map as a JSON object with keys in byte order, as Go marshals a <c>map[string]string</c>.</summary>
    public static void AppendSortedMap(StringBuilder builder, IReadOnlyDictionary<string, string> map)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, value) in map.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            AppendString(builder, key);
            builder.Append(':');
            AppendString(builder, value);
        }

        builder.Append('}');
    }

    /// <summary>Returns <paramref name="value"/> as a quoted JSON string.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendString(builder, value);
        return builder.ToString();
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(Hex[(c >> 12) & 0xF]).Append(Hex[(c >> 8) & 0xF]).Append(Hex[(c >> 4) & 0xF]).Append(Hex[c & 0xF]);
}
