namespace Signet.Cli;

/// <summary>
/// A problem the user can fix (bad reference, unreadable file, conflicting options), reported as one line with a stable
/// code and a hint, exit code <see cref="ExitCodes.Error"/>, and never a stack trace.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException(string code, string message, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Hint = hint;
    }

    /// <summary>A stable code (<c>USAGE</c>, <c>FILE_UNREADABLE</c>, <c>INVALID_REFERENCE</c>…).</summary>
    public string Code { get; } = CliErrorCode.Usage;

    /// <summary>What to do about it, when there is something to say.</summary>
    public string? Hint { get; }
}
