namespace Signet.Core.Layout;

/// <summary>
/// Writes a file so that readers see the old content or the new content, never a part: write a temporary file in the
/// same directory, flush it to disk, then rename it over the target (rename is atomic within a file system).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Prefix of temporary files; readers of the layout ignore them and a crash leaves at most these behind.</summary>
    public const string TempPrefix = ".signet-tmp-";

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                PreallocationSize = content.Length,
            };
            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (!overwrite && File.Exists(path))
            {
                // Content-addressed: a concurrent writer stored the same bytes first.
                File.Delete(temp);
                return;
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is ignored by readers and never mistaken for content.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
