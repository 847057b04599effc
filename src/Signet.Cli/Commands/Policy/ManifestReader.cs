using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Cli.Output;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Cli.Commands.Policy;

/// <summary>One object to check: the object as JSON, and the admission facts the webhook would have had.</summary>
/// <param name="Source">Where it came from (<c>file.yaml#2</c>), for messages.</param>
/// <param name="Object">The Kubernetes object.</param>
/// <param name="Group">API group from an AdmissionReview's <c>request.kind</c>, else null (read from the object).</param>
/// <param name="Kind">Kind from an AdmissionReview, else null.</param>
/// <param name="Namespace">Namespace from the review or the object's metadata, else null.</param>
/// <param name="UserName">Requesting user from the review.</param>
/// <param name="UserGroups">Requesting user's groups from the review.</param>
/// <param name="Operation">Operation from the review (CREATE otherwise).</param>
internal sealed record ManifestObject(string Source, JsonElement Object, string? Group, string? Kind, string? Namespace, string? UserName, IReadOnlyList<string> UserGroups, string Operation);

/// <summary>
/// Reads what <c>signet policy check</c> accepts: Kubernetes manifests (YAML, multi-document, <c>kind: List</c>) or an
/// AdmissionReview JSON. YAML scalars get the JSON types Kubernetes gives them (plain <c>true</c>, <c>3</c>, <c>null</c>).
/// </summary>
internal static class ManifestReader
{
    public static IReadOnlyList<ManifestObject> Read(string text, string source)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new CliException(CliErrorCode.InvalidInput, $"{source} is not valid JSON: {e.Message}", "Give Kubernetes manifests (YAML or JSON) or an AdmissionReview.", e);
            }

            if (root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "AdmissionReview")
            {
                return [FromReview(root, source)];
            }

            return Expand(root, source, 1).ToArray();
        }

        var objects = new List<ManifestObject>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new CliException(CliErrorCode.InvalidInput, $"{source} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", "Check the indentation near that line.", e);
        }

        var index = 0;
        foreach (var document in stream.Documents)
        {
            index++;
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            var json = JsonSerializer.SerializeToElement(ToJson(document.RootNode), CliJsonContext.Default.JsonNode);
            objects.AddRange(Expand(json, source, index));
        }

        return objects;
    }

    private static IEnumerable<ManifestObject> Expand(JsonElement root, string source, int index)
    {
        // kubectl's "kind: List" (and *List kinds from 'kubectl get -o yaml') hold the objects in items.
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString()!.EndsWith("List", StringComparison.Ordinal)
            && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                yield return Plain(item, $"{source}#{index}.items[{i++}]");
            }

            yield break;
        }

        yield return Plain(root, $"{source}#{index}");
    }

    private static ManifestObject Plain(JsonElement item, string source)
    {
        string? ns = null;
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("namespace", out var nsValue) && nsValue.ValueKind == JsonValueKind.String)
        {
            ns = nsValue.GetString();
        }

        return new ManifestObject(source, item, null, null, ns, null, [], "CREATE");
    }

    private static ManifestObject FromReview(JsonElement review, string source)
    {
        if (!review.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
            || !request.TryGetProperty("object", out var obj))
        {
            throw new CliException(CliErrorCode.InvalidInput, $"{source}: the AdmissionReview has no request.object.", "Give the AdmissionReview the API server sent (request.object holds the workload).");
        }

        string? Str(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var kind = request.TryGetProperty("kind", out var k) ? k : default;
        var user = request.TryGetProperty("userInfo", out var u) ? u : default;
        var groups = user.ValueKind == JsonValueKind.Object && user.TryGetProperty("groups", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
            : [];
        return new ManifestObject(source, obj, Str(kind, "group"), Str(kind, "kind"), Str(request, "namespace"), Str(user, "username"), groups, Str(request, "operation") ?? "CREATE");
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new CliException(CliErrorCode.InvalidInput, $"YAML aliases and tags are not supported (line {node.Start.Line}).", "Expand the alias."),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Any(char.IsDigit) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
