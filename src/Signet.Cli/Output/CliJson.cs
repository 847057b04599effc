using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Signet.Cli.Output;

/// <summary>Writes the documented JSON documents (docs/cli-output.schema.json) to a console, unwrapped and uncoloured.</summary>
internal static class CliJson
{
    /// <summary>Writes <paramref name="value"/> as indented JSON and a newline.</summary>
    public static void Write<T>(IAnsiConsole console, T value, JsonTypeInfo<T> typeInfo)
    {
        // Straight to the writer: Spectre would wrap long lines at the terminal width and break the JSON.
        var writer = console.Profile.Out.Writer;
        writer.Write(JsonSerializer.Serialize(value, typeInfo));
        writer.Write('\n');
        writer.Flush();
    }
}

/// <summary>Source-generated serialization of every CLI output document.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(KeyListView))]
[JsonSerializable(typeof(SignView))]
[JsonSerializable(typeof(VerifyView))]
[JsonSerializable(typeof(SignBatchView))]
[JsonSerializable(typeof(VerifyBatchView))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(PolicyCheckView))]
[JsonSerializable(typeof(PolicyValidateView))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
