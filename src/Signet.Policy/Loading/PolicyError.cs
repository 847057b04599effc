namespace Signet.Policy.Loading;

/// <summary>One reason a policy document was refused: where (file, line, column, field path) and what to change.</summary>
/// <param name="File">The file (or the name given to text loaded from memory).</param>
/// <param name="Line">1-based line; 0 when the error concerns the whole file.</param>
/// <param name="Column">1-based column; 0 when the error concerns the whole file.</param>
/// <param name="Field">The field path (<c>spec.rules[2].trust.vaultKeys[0].keyId</c>); empty for the document itself.</param>
/// <param name="Message">What is wrong and the allowed values.</param>
public sealed record PolicyError(string File, int Line, int Column, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Field.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Field}: {Message}";
}
