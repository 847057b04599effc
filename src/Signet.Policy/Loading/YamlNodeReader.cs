using System.Globalization;
using Signet.Policy.Model;
using YamlDotNet.RepresentationModel;

namespace Signet.Policy.Loading;

/// <summary>
/// Typed access to a YAML node tree that records an error (file, line, column, field path) for every bad value
/// instead of stopping at the first, so a policy author sees all mistakes at once.
/// </summary>
internal sealed class YamlNodeReader
{
    private readonly List<PolicyError> _errors;

    public YamlNodeReader(string file, List<PolicyError> errors)
    {
        File = file;
        _errors = errors;
    }

    public string File { get; }

    public int ErrorCount => _errors.Count;

    /// <summary>A reader for another file (a referenced trust policy) that reports into the same error list.</summary>
    public YamlNodeReader WithFile(string file) => new(file, _errors);

    public SourceLocation Location(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode? node, string field, string message) =>
        _errors.Add(new PolicyError(File, node is null ? 0 : (int)node.Start.Line, node is null ? 0 : (int)node.Start.Column, field, message));

    public void ErrorAt(long line, long column, string field, string message) =>
        _errors.Add(new PolicyError(File, (int)line, (int)column, field, message));

    /// <summary>The node as a mapping, refusing unknown keys (listing the allowed ones).</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string field, params string[] allowed)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, $"expected a mapping with the fields {string.Join(", ", allowed)}.");
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, _) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : null;
            if (key is null)
            {
                Error(keyNode, field, "a field name must be a plain string.");
                continue;
            }

            if (!seen.Add(key))
            {
                Error(keyNode, Join(field, key), "the field is given twice.");
            }

            if (allowed.Length > 0 && !allowed.Contains(key, StringComparer.Ordinal))
            {
                var close = allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase));
                Error(keyNode, Join(field, key), close is not null
                    ? $"unknown field '{key}'; did you mean '{close}'? (field names are case-sensitive)"
                    : $"unknown field '{key}'; allowed: {string.Join(", ", allowed)}.");
            }
        }

        return mapping;
    }

    /// <summary>A free-form string map (labels, inline trust stores).</summary>
    public YamlMappingNode? AnyMapping(YamlNode? node, string field)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, "expected a mapping.");
            return null;
        }

        return Mapping(mapping, field);
    }

    public static YamlNode? Get(YamlMappingNode? mapping, string key)
    {
        if (mapping is null)
        {
            return null;
        }

        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    public static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain
        && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value is "~" or "null" or "Null" or "NULL");

    public string? String(YamlNode? node, string field, bool required = false)
    {
        if (node is null || IsNull(node))
        {
            if (required)
            {
                Error(node, field, "is required.");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, field, "expected a string.");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, field, "must not be empty.");
            return null;
        }

        return scalar.Value;
    }

    public string RequiredString(YamlMappingNode mapping, string key, string path)
    {
        var node = Get(mapping, key);
        if (node is null)
        {
            Error(mapping, Join(path, key), $"the field '{key}' is required.");
            return string.Empty;
        }

        return String(node, Join(path, key), required: true) ?? string.Empty;
    }

    public bool Bool(YamlNode? node, string field, bool defaultValue)
    {
        var text = String(node, field);
        if (text is null)
        {
            return defaultValue;
        }

        // Only YAML 1.2 booleans: 'yes'/'on' are strings, not switches, in a security policy.
        switch (text)
        {
            case "true":
            case "True":
            case "TRUE":
                return true;
            case "false":
            case "False":
            case "FALSE":
                return false;
            default:
                Error(node, field, $"'{text}' is not a boolean; use true or false.");
                return defaultValue;
        }
    }

    public int? Int(YamlNode? node, string field, int min, int max)
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(node, field, $"'{text}' is not a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public TEnum? Enum<TEnum>(YamlNode? node, string field, params (string Name, TEnum Value)[] values)
        where TEnum : struct
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        foreach (var (name, value) in values)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        Error(node, field, $"'{text}' is not valid; use one of: {string.Join(", ", values.Select(v => v.Name))}.");
        return null;
    }

    public List<(YamlNode Node, string Path)> Sequence(YamlNode? node, string field)
    {
        var items = new List<(YamlNode, string)>();
        if (node is null || IsNull(node))
        {
            return items;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, field, "expected a list.");
            return items;
        }

        var i = 0;
        foreach (var child in sequence.Children)
        {
            items.Add((child, $"{field}[{i++}]"));
        }

        return items;
    }

    public List<string> StringList(YamlNode? node, string field)
    {
        var list = new List<string>();
        foreach (var (item, path) in Sequence(node, field))
        {
            if (String(item, path, required: true) is { } value)
            {
                list.Add(value);
            }
        }

        return list;
    }

    public DateTimeOffset? Timestamp(YamlNode? node, string field)
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            Error(node, field, $"'{text}' is not an RFC 3339 timestamp such as 2026-12-31T23:59:59Z.");
            return null;
        }

        return value;
    }

    public TimeSpan? Duration(YamlNode? node, string field)
    {
        var text = String(node, field);
        if (text is null)
        {
            return null;
        }

        if (!TryParseDuration(text, out var value) || value <= TimeSpan.Zero)
        {
            Error(node, field, $"'{text}' is not a positive duration; write e.g. 90s, 15m, 1h30m or 7d.");
            return null;
        }

        return value;
    }

    /// <summary>Go-style durations with units d, h, m, s (<c>1h30m</c>).</summary>
    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length is 0 or > 32)
        {
            return false;
        }

        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || i - start > 9)
            {
                return false;
            }

            var number = int.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            TimeSpan? unit = text[i] switch
            {
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => null,
            };
            if (unit is null || number > 3650 * 24 * 3600)
            {
                return false;
            }

            value += unit.Value * number;
            if (value > TimeSpan.FromDays(3650))
            {
                return false;
            }

            i++;
        }

        return true;
    }
}
