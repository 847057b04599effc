using System.ComponentModel.DataAnnotations;

namespace Signet.Registry;

/// <summary>
/// How Signet talks to OCI registries: deadlines, retry and size limits, per-registry transport (TLS CA bundle, plain
/// HTTP) and where credentials come from. Bound from the <c>Signet:Registry</c> section and validated at start-up.
/// </summary>
public sealed class RegistryClientOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Signet:Registry";

    /// <summary>
    /// The longest any one client call may take, retries and token requests included (the admission webhook has about
    /// 10 s for everything). Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a 429/503 (or a dropped connection) on a GET or HEAD is retried inside the deadline. Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay between retries when the registry sends no <c>Retry-After</c>. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most referrers read for one subject before the listing fails (a flood guard). Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxReferrers { get; set; } = 1000;

    /// <summary>The largest blob any single fetch may return, whatever the caller asks for (at most 1 GiB). Default 64 MiB.</summary>
    [Range(typeof(long), "1", "1073741824")]
    public long MaxBlobBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Blobs up to this size are uploaded in one PUT; larger ones in chunks of <see cref="UploadChunkBytes"/> (at most 1 GiB). Default 16 MiB.</summary>
    [Range(typeof(long), "1", "1073741824")]
    public long MonolithicUploadMaxBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Chunk size of chunked uploads. Default 8 MiB.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int UploadChunkBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a cached "does this registry serve the referrers API" answer is kept. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReferrersCapabilityTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Tag-schema fallback writes: the longest a writer may take from reading the index to writing it back, and how long
    /// it waits before re-reading to confirm its entry survived concurrent writers. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FallbackIndexWriteWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many read-merge-write rounds a fallback index update tries before failing. Default 10.</summary>
    [Range(1, 100)]
    public int FallbackIndexMaxAttempts { get; set; } = 10;

    /// <summary>How long a <c>docker-credential-*</c> helper may run. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CredentialHelperTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Path of a Docker <c>config.json</c> to read credentials from; null uses <c>$DOCKER_CONFIG/config.json</c> or
    /// <c>~/.docker/config.json</c> when <see cref="UseDockerConfig"/> is set.
    /// </summary>
    public string? DockerConfigPath { get; set; }

    /// <summary>Whether credentials are read from the Docker <c>config.json</c>. Default true.</summary>
    public bool UseDockerConfig { get; set; } = true;

    /// <summary>
    /// Hosts (<c>host[:port]</c>) that may be reached over plain HTTP although they are not loopback (Docker's
    /// <c>insecure-registries</c>). Loopback hosts (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>) never need listing.
    /// </summary>
    public IList<string> InsecureRegistries { get; } = [];

    /// <summary>Per-registry settings, keyed by <c>host[:port]</c> exactly as written in image references.</summary>
    public IDictionary<string, RegistryHostOptions> Registries { get; } = new Dictionary<string, RegistryHostOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a pooled connection handler is reused before it is recycled (DNS changes). Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HandlerLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>User-Agent</c> sent to registries.</summary>
    [Required]
    public string UserAgent { get; set; } = "signet";

    /// <summary>The settings of <paramref name="registry"/>, or null.</summary>
    internal RegistryHostOptions? For(string registry) => Registries.TryGetValue(registry, out var host) ? host : null;
}
