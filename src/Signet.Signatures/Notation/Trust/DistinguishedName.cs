using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// Distinguished names as notation compares them (notation-go <c>internal/pkix/pkix.go</c>): a map from attribute
/// type to value, with <c>S</c> an alias of <c>ST</c>; multi-valued RDNs, duplicate types and <c>=#</c> hex values are
/// refused. Matching is "every attribute of the policy DN has an exactly equal value in the certificate DN".
/// </summary>
internal static class DistinguishedName
{
    private const int MaxLength = 4096;

    private static readonly Dictionary<string, string> s_goNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.6"] = "C", ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU", ["2.5.4.3"] = "CN", ["2.5.4.5"] = "SERIALNUMBER",
        ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.9"] = "STREET", ["2.5.4.17"] = "POSTALCODE",
    };

    /// <summary>Parses an RFC 4514 DN into attribute type → value; false with the reason when notation would refuse it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Dictionary<string, string>? attributes, [NotNullWhen(false)] out string? error)
    {
        attributes = null;
        if (text.Length > MaxLength)
        {
            error = $"the distinguished name is longer than {MaxLength} characters";
            return false;
        }

        if (text.Contains("=#", StringComparison.Ordinal))
        {
            error = $"the distinguished name '{text}' contains \"=#\" (hex-encoded values are not supported)";
            return false;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var typeStart = i;
            while (i < text.Length && text[i] != '=')
            {
                if (text[i] is ',' or '+' or ';')
                {
                    error = $"the distinguished name '{text}' has an attribute without '=' at offset {i}";
                    return false;
                }

                i++;
            }

            if (i >= text.Length)
            {
                error = $"the distinguished name '{text}' has an attribute without a value";
                return false;
            }

            var type = text[typeStart..i].Trim();
            i++;
            var value = new StringBuilder();
            var trailingSpaces = 0;
            var leading = true;
            while (i < text.Length && text[i] is not (',' or ';' or '+'))
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    if (i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
                    {
                        // Hex escapes are UTF-8 bytes; collect consecutive ones before decoding.
                        var bytes = new List<byte>();
                        while (i + 2 < text.Length && text[i] == '\\' && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
                        {
                            bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 3;
                        }

                        value.Append(Encoding.UTF8.GetString(bytes.ToArray()));
                    }
                    else
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                    }

                    trailingSpaces = 0;
                    leading = false;
                    continue;
                }

                if (c == ' ' && leading)
                {
                    i++;
                    continue;
                }

                leading = false;
                trailingSpaces = c == ' ' ? trailingSpaces + 1 : 0;
                value.Append(c);
                i++;
            }

            if (i < text.Length && text[i] == '+')
            {
                error = $"the distinguished name '{text}' has a multi-valued RDN, which is not supported";
                return false;
            }

            if (type.Length == 0)
            {
                error = $"the distinguished name '{text}' has an empty attribute type";
                return false;
            }

            if (type == "S")
            {
                type = "ST";
            }

            var finalValue = value.ToString(0, value.Length - trailingSpaces);
            if (!result.TryAdd(type, finalValue))
            {
                error = $"the distinguished name '{text}' has the attribute type '{type}' more than once";
                return false;
            }

            i++;
        }

        if (result.Count == 0)
        {
            error = "the distinguished name is empty";
            return false;
        }

        attributes = result;
        error = null;
        return true;
    }

    /// <summary>
    /// The certificate subject as the same map; false when notation could not parse the subject (unknown attribute
    /// types, which Go renders as <c>=#</c> hex, multi-valued RDNs, duplicate types).
    /// </summary>
    public static bool TryFromCertificate(X509Certificate2 certificate, [NotNullWhen(true)] out Dictionary<string, string>? attributes, [NotNullWhen(false)] out string? error)
    {
        attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                attributes = null;
                error = $"the certificate subject '{certificate.Subject}' has a multi-valued RDN, which is not supported";
                return false;
            }

            var oid = rdn.GetSingleElementType().Value ?? string.Empty;
            if (!s_goNames.TryGetValue(oid, out var type))
            {
                attributes = null;
                error = $"the certificate subject '{certificate.Subject}' has the attribute {oid}, which notation renders as a hex value (\"=#\") and does not support";
                return false;
            }

            if (!attributes.TryAdd(type, rdn.GetSingleElementValue() ?? string.Empty))
            {
                attributes = null;
                error = $"the certificate subject '{certificate.Subject}' has the attribute type '{type}' more than once";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>The subject in Go's RFC 2253 rendering (last RDN first, <c>CN=e2e,O=Notary,…,C=US</c>).</summary>
    public static string Format(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                return name.Name;
            }

            var oid = rdn.GetSingleElementType().Value ?? string.Empty;
            parts.Add($"{s_goNames.GetValueOrDefault(oid, oid)}={Escape(rdn.GetSingleElementValue() ?? string.Empty)}");
        }

        // EnumerateRelativeDistinguishedNames yields the last RDN first by default: the RFC 2253 order Go prints.
        return string.Join(',', parts);
    }

    /// <summary>True when every attribute of <paramref name="subset"/> has an equal value in <paramref name="superset"/>.</summary>
    public static bool IsSubset(IReadOnlyDictionary<string, string> subset, IReadOnlyDictionary<string, string> superset) =>
        subset.All(a => superset.TryGetValue(a.Key, out var value) && string.Equals(value, a.Value, StringComparison.Ordinal));

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' || (i == 0 && c is '#' or ' ') || (i == value.Length - 1 && c == ' '))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
