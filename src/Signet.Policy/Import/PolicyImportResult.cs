using Signet.Policy.Loading;

namespace Signet.Policy.Import;

/// <summary>An imported policy: the Signet document written out, its load result, and what did not map.</summary>
public sealed record PolicyImportResult
{
    /// <summary>The <c>ImageVerificationPolicy</c> YAML to review and commit.</summary>
    public required string Yaml { get; init; }

    /// <summary>The document loaded back through <see cref="PolicyLoader"/> (an import is only as good as what loads).</summary>
    public required PolicyLoadResult Load { get; init; }

    /// <summary>One warning per input element that does not map, or maps with a changed meaning.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Errors that made the input unusable (bad JSON/YAML, missing fields).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>True when the import produced a valid policy.</summary>
    public bool IsValid => Errors.Count == 0 && Load.IsValid;
}
