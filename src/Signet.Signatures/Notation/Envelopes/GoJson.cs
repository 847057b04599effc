using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>
/// Writes JSON the way Go's <c>encoding/json</c> writes a <c>map[string]any</c>: keys sorted, no whitespace, Go's
/// string escaping (<c>&lt; &gt; &amp;</c> as <c>\u003c…</c>, U+2028/2029 escaped). notation-go marshals JWS headers
/// and payloads through maps, so this is what byte-compatible signing needs.
/// </summary>
internal static class GoJson
{
    /// <summary>Re-encodes a JSON document with sorted keys (recursively), as notation-go's JWS signer does.</summary>
    public static byte[] Canonicalize(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        var builder = new StringBuilder(json.Length + 16);
        WriteElement(builder, document.RootElement);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Writes a parsed JSON value with sorted object keys.</summary>
    public static void WriteElement(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, properties[i].Name);
                    builder.Append(':');
                    WriteElement(builder, properties[i].Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteElement(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(builder, element);
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>Writes an object whose values are already-encoded JSON fragments, keys sorted.</summary>
    public static void WriteObject(StringBuilder builder, IEnumerable<KeyValuePair<string, string>> encodedMembers)
    {
        var members = encodedMembers.ToList();
        members.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        builder.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteString(builder, members[i].Key);
            builder.Append(':').Append(members[i].Value);
        }

        builder.Append('}');
    }

    /// <summary>Encodes one string as a JSON string literal with Go's escaping.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        WriteString(builder, value);
        return builder.ToString();
    }

    /// <summary>Encodes strings as a JSON array with Go's escaping.</summary>
    public static string QuoteArray(IEnumerable<string> values) => "[" + string.Join(',', values.Select(Quote)) + "]";

    /// <summary>Writes a string literal with Go's <c>encoding/json</c> escaping (HTML-safe); one implementation serves every format.</summary>
    public static void WriteString(StringBuilder builder, string value) => GoJsonString.AppendString(builder, value);

    private static void WriteNumber(StringBuilder builder, JsonElement element)
    {
        // Go decodes numbers into float64 and prints integers without a fraction; integral literals stay as written.
        var raw = element.GetRawText();
        if (raw.All(c => char.IsAsciiDigit(c) || c == '-') && element.TryGetInt64(out var integer) && Math.Abs(integer) < (1L << 53))
        {
            builder.Append(integer.ToString(CultureInfo.InvariantCulture));
            return;
        }

        var number = element.GetDouble();
        builder.Append(number == Math.Floor(number) && Math.Abs(number) < 1e21
            ? number.ToString("F0", CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture));
    }
}
