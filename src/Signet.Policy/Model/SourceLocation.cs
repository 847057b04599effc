namespace Signet.Policy.Model;

/// <summary>Where a value was written in a policy file, so that errors and verdicts can point at it.</summary>
/// <param name="File">The file name (or the name given to text loaded from memory).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
