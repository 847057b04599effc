using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Signet.Policy.Loading;

/// <summary>
/// Loads <c>ImageVerificationPolicy</c> documents (YAML or JSON) and refuses invalid ones with every error listed
/// (file, line, column, field). The only I/O Signet.Policy does: reading the policy file and the key files and trust
/// store directories it names.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The largest policy file accepted (10,000 rules with keys fit comfortably).</summary>
    public const int MaxPolicyBytes = 32 * 1024 * 1024;

    private const int MaxDepth = 64;

    /// <summary>Loads a policy file; relative key files and trust store directories are read next to it.</summary>
    public static async Task<PolicyLoadResult> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Failed(path, $"the policy file '{Path.GetFullPath(path)}' does not exist.");
        }

        if (info.Length > MaxPolicyBytes)
        {
            return Failed(path, $"the policy file is {info.Length} bytes; the limit is {MaxPolicyBytes}.");
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"the policy file cannot be read: {ex.Message}");
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Parses a policy from text. <paramref name="sourceName"/> names it in errors; <paramref name="baseDirectory"/>
    /// resolves relative key files (null refuses relative paths).
    /// </summary>
    public static PolicyLoadResult Parse(string text, string sourceName = "policy.yaml", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (text.Length > MaxPolicyBytes)
        {
            return Failed(sourceName, $"the policy is {text.Length} characters; the limit is {MaxPolicyBytes}.");
        }

        var errors = new List<PolicyError>();
        var reader = new YamlNodeReader(sourceName, errors);
        var root = ParseSingleDocument(text, reader);
        if (root is null)
        {
            return new PolicyLoadResult { Errors = errors };
        }

        var policy = new PolicyDocumentReader(reader, baseDirectory).Read(root);
        if (policy is null || errors.Count > 0)
        {
            if (errors.Count == 0)
            {
                errors.Add(new PolicyError(sourceName, 1, 1, string.Empty, "the policy is incomplete."));
            }

            return new PolicyLoadResult { Errors = errors };
        }

        return new PolicyLoadResult { Policy = policy with { Generation = PolicyGeneration.Compute(policy) } };
    }

    /// <summary>Parses exactly one YAML (or JSON) document, refusing aliases (no expansion bombs) and duplicate keys.</summary>
    internal static YamlNode? ParseSingleDocument(string text, YamlNodeReader reader)
    {
        try
        {
            // A first pass over the events refuses anchors and aliases before any tree is built.
            var parser = new Parser(new StringReader(text));
            var documents = 0;
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        documents++;
                        break;
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        reader.ErrorAt(parser.Current.Start.Line, parser.Current.Start.Column, string.Empty, $"the document nests deeper than {MaxDepth} levels.");
                        return null;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias:
                        reader.ErrorAt(alias.Start.Line, alias.Start.Column, string.Empty, $"YAML aliases (*{alias.Value}) are not allowed in a policy; write the value out.");
                        return null;
                    case NodeEvent { Anchor.IsEmpty: false } anchored:
                        reader.ErrorAt(anchored.Start.Line, anchored.Start.Column, string.Empty, $"YAML anchors (&{anchored.Anchor}) are not allowed in a policy; write the value out.");
                        return null;
                }
            }

            if (documents != 1)
            {
                reader.Error(null, string.Empty, documents == 0
                    ? "the file is empty; expected one ImageVerificationPolicy document."
                    : $"the file holds {documents} YAML documents; put exactly one ImageVerificationPolicy in it.");
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            reader.ErrorAt(ex.Start.Line, ex.Start.Column, string.Empty, $"not valid YAML or JSON: {message}");
            return null;
        }
    }

    /// <summary>Returns why <paramref name="text"/> is unsafe to load as a tree (aliases, anchors, excessive nesting, syntax), or null.</summary>
    internal static string? FindUnsafeYaml(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias or NodeEvent { Anchor.IsEmpty: false }:
                        return $"line {parser.Current.Start.Line}: YAML anchors and aliases are not accepted.";
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        return $"line {parser.Current.Start.Line}: the document nests deeper than {MaxDepth} levels.";
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            return $"line {ex.Start.Line}, column {ex.Start.Column}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}";
        }

        return null;
    }

    private static PolicyLoadResult Failed(string file, string message) =>
        new() { Errors = [new PolicyError(file, 0, 0, string.Empty, message)] };
}
