using System.CommandLine;

namespace Signet.Cli;

/// <summary>Options shared by several commands; one instance each, so handlers read them with <c>GetValue</c>.</summary>
internal static class CliOptions
{
    /// <summary>The values of <see cref="Output"/>.</summary>
    public static readonly string[] OutputFormats = ["text", "json"];

    /// <summary>Global: text for people, json for pipelines (schema: docs/cli-output.schema.json).</summary>
    public static readonly Option<string> Output = new Option<string>("--output", "-o")
    {
        Description = "Output format: text for people, json for pipelines (schema in docs/cli-output.schema.json).",
        DefaultValueFactory = _ => "text",
        Recursive = true,
        HelpName = "text|json",
    }.AcceptOnlyFromAmong(OutputFormats);

    /// <summary>Global: show stack traces and library logs.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show details of failures (stack traces).",
        Recursive = true,
    };

    /// <summary>A key version id (<c>v1</c>, <c>v2</c>…).</summary>
    public static Option<string> KeyVersion(string name, bool required, string description) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "version",
    };

    /// <summary>Labels (<c>key=value</c>, repeatable) of a namespace Signet cannot look up, for rules that select namespaces by label.</summary>
    public static Option<string[]> NamespaceLabel(string description) => new("--namespace-label")
    {
        Description = description,
        HelpName = "key=value",
    };

    /// <summary>The <c>key=value</c> pairs of <paramref name="option"/>; a pair without '=' is a usage error.</summary>
    public static Dictionary<string, string> NamespaceLabels(this ParseResult parseResult, Option<string[]> option)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parseResult.GetValue(option) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(CliErrorCode.Usage, $"--namespace-label '{pair}' is not key=value.", "Example: --namespace-label env=prod");
            }

            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return labels;
    }

    /// <summary>True when <c>--output json</c> was given.</summary>
    public static bool IsJson(this ParseResult parseResult) =>
        string.Equals(parseResult.GetValue(Output), "json", StringComparison.Ordinal);
}
