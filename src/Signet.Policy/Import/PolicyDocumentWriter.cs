using YamlDotNet.Serialization;

namespace Signet.Policy.Import;

/// <summary>Writes an imported policy document (ordered maps and lists) as YAML.</summary>
internal static class PolicyDocumentWriter
{
    public static string Write(IDictionary<string, object?> document, IEnumerable<string> headerComments)
    {
        var serializer = new SerializerBuilder()
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build();
        var header = string.Concat(headerComments.Select(c => "# " + c.ReplaceLineEndings(" ") + "\n"));
        return header + serializer.Serialize(document);
    }

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (value is not null)
            {
                map[key] = value;
            }
        }

        return map;
    }
}
