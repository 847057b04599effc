namespace Signet.Core.Layout;

/// <summary>
/// The cross-process half of writer serialization: an exclusive lock on <c>&lt;layout&gt;/.signet-lock</c>. On Linux and
/// macOS .NET takes an advisory <c>flock(LOCK_EX)</c> for <see cref="FileShare.None"/>, so two Signet processes writing
/// one layout take turns instead of losing each other's <c>index.json</c> updates. Readers never take it.
/// </summary>
internal static class LayoutLock
{
    /// <summary>The lock file name; other OCI tools ignore files they do not know.</summary>
    public const string FileName = ".signet-lock";

    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(20);

    public static async Task<FileStream> AcquireAsync(string root, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, FileName);
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException ex) when (File.Exists(path))
            {
                // Held by another writer: wait, but never longer than the timeout.
                if (timeProvider.GetElapsedTime(started) >= timeout)
                {
                    throw new TimeoutException($"Another process has held the write lock '{path}' for more than {timeout.TotalSeconds:0.#} s; if no Signet process is writing this layout, the lock is stale only in that process and will be released when it exits.", ex);
                }

                await Task.Delay(s_retryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
