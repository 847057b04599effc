namespace Signet.Cli.Hosting;

/// <summary>Reads a file named on the command line (or standard input for <c>-</c>), failing with one clear line.</summary>
internal static class InputFiles
{
    /// <summary>The most the CLI reads from one input (manifests, policies, AdmissionReviews).</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    public static async Task<string> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await context.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new CliException(CliErrorCode.InvalidInput, $"'{path}' is {info.Length} bytes; the limit is {MaxBytes}.", null);
            }

            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new CliException(CliErrorCode.FileUnreadable, $"Cannot read '{path}': {e.Message}", "Check the path and its permissions.", e);
        }
    }
}
