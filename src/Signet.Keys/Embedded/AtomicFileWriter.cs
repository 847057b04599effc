namespace Signet.Keys.Embedded;

/// <summary>
/// Replaces or creates a file so that readers and a crash only ever see the old content or the new: write a temporary
/// file in the same directory (mode 0600), flush it to disk, then rename it over the target.
/// </summary>
internal sealed class AtomicFileWriter
{
    /// <summary>Test seam: wraps the temporary file's stream (to fail mid-write).</summary>
    public Func<Stream, Stream>? StreamWrapper { get; init; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; with <paramref name="overwrite"/> false, fails if it exists.</summary>
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var file = new FileStream(temp, options);
            await using (file.ConfigureAwait(false))
            {
                var stream = StreamWrapper?.Invoke(file) ?? file;
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            // rename(2) is atomic on POSIX filesystems; without overwrite the move fails when another writer won.
            File.Move(temp, path, overwrite);
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
            // The temporary file is named with a leading dot and a random part: a leftover is ignored by the store.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
