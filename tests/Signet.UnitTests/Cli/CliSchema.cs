using System.Text.Json;
using Json.Schema;

namespace Signet.UnitTests.Cli;

/// <summary>The committed docs/cli-output.schema.json, found by walking up from the test binaries to the repository root.</summary>
internal static class CliSchema
{
    private static readonly Lazy<BuildOptions> s_options = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli-output.schema.json")), options);
        return options;
    });

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Signet.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Signet.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>Asserts <paramref name="json"/> is valid against <c>$defs/<paramref name="definition"/></c>.</summary>
    public static void AssertValid(string definition, string json)
    {
        var schema = JsonSchema.FromText($$"""{"$ref":"https://signet.dev/schemas/cli-output.json#/$defs/{{definition}}"}""", s_options.Value);
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"Not a valid '{definition}' document: {string.Join("; ", errors)}\n{json}");
    }
}
