namespace Signet.Core.Layout;

/// <summary>Limits of the OCI image layout store, so that a hostile or corrupt layout cannot exhaust memory or time.</summary>
public sealed record OciLayoutStoreOptions
{
    /// <summary>The largest <c>index.json</c> read (16 MiB by default; one entry is about 200 bytes).</summary>
    public long MaxIndexBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// The most manifests one referrers listing reads (10,000 by default). A layout needing more is refused with
    /// <c>CONTENT_TOO_LARGE</c> rather than scanned for minutes.
    /// </summary>
    public int MaxReferrerScan { get; init; } = 10_000;

    /// <summary>
    /// How long a writer waits for another process that is writing the same layout (30 s by default); after that the
    /// write fails with <see cref="TimeoutException"/> rather than hang.
    /// </summary>
    public TimeSpan WriteLockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How deep nested indexes are followed when looking for referrers (4 by default).</summary>
    public int MaxIndexDepth { get; init; } = 4;
}
