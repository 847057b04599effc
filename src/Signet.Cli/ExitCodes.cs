namespace Signet.Cli;

/// <summary>
/// The process exit codes; a contract scripts rely on (docs/cli.md): never renumber.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked: verified, all admitted, key created…</summary>
    public const int Success = 0;

    /// <summary>A check ran and said no: the image is not verified, a workload is denied.</summary>
    public const int NotVerified = 1;

    /// <summary>The command could not run: bad usage, unreadable file, bad reference, registry down, wrong passphrase.</summary>
    public const int Error = 2;
}
