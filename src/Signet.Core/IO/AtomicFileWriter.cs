namespace Signet.Core.IO;

/// <summary>What <see cref="AtomicFileWriter"/> does when the target already exists.</summary>
public enum AtomicWriteMode
{
    /// <summary>Replace it.</summary>
    Replace,

    /// <summary>Fail with an <see cref="IOException"/>: another writer created it first.</summary>
    FailIfExists,

    /// <summary>Keep it and drop the new bytes (content-addressed files: the same bytes were stored first).</summary>
    KeepExisting,
}

/// <summary>
/// Writes a file so that readers and a crash see the old content or the new, never a part: write a temporary file in
/// the same directory, flush it to disk, then rename it over the target (rename(2) is atomic within a file system).
/// The one implementation behind the OCI layout store and the embedded key store.
/// </summary>
public sealed class AtomicFileWriter
{
    /// <summary>Prefix of temporary files; the stores ignore such files, and a crash leaves at most these behind.</summary>
    public const string TempPrefix = ".signet-tmp-";

    /// <summary>A writer creating files with the process's default permissions.</summary>
    public static AtomicFileWriter Default { get; } = new();

    /// <summary>Permissions of the new file on Unix (e.g. owner read/write only for key files); null for the default.</summary>
    public UnixFileMode? CreateMode { get; init; }

    /// <summary>Test seam: wraps the temporary file's stream (to fail mid-write).</summary>
    public Func<Stream, Stream>? StreamWrapper { get; init; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> as <paramref name="mode"/> says.</summary>
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, AtomicWriteMode mode, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            PreallocationSize = content.Length,
        };
        if (CreateMode is { } createMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = createMode;
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

            if (mode == AtomicWriteMode.KeepExisting && File.Exists(path))
            {
                File.Delete(temp);
                return;
            }

            // Without overwrite the move fails when another writer won the race.
            File.Move(temp, path, overwrite: mode == AtomicWriteMode.Replace);
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
