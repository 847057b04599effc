namespace Signet.Cli;

/// <summary>Stable error codes the CLI adds to those of the libraries (shown in text and in JSON errors).</summary>
internal static class CliErrorCode
{
    /// <summary>Unknown command or option, missing or malformed argument.</summary>
    public const string Usage = "USAGE";

    /// <summary>A file named on the command line could not be read.</summary>
    public const string FileUnreadable = "FILE_UNREADABLE";

    /// <summary>An image reference does not parse.</summary>
    public const string InvalidReference = "INVALID_REFERENCE";

    /// <summary>A file or stream holds something that is not what the command expects.</summary>
    public const string InvalidInput = "INVALID_INPUT";

    /// <summary>The user pressed Ctrl+C.</summary>
    public const string Interrupted = "INTERRUPTED";

    /// <summary>A failure nobody anticipated; run again with --verbose for the stack trace.</summary>
    public const string Unexpected = "UNEXPECTED_ERROR";
}
