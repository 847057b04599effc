using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Signet.Core.References;
using Signet.Registry.Authentication;
using Signet.Registry.Http;

namespace Signet.Registry;

/// <summary>
/// The OCI distribution client (spec v1.1): hands out <see cref="RegistryRepository"/> objects that read and write one
/// repository, sharing pooled connections per registry host, cached tokens, and what each registry is known to support.
/// </summary>
/// <remarks>
/// Obtain it from DI (<c>services.AddSignetRegistry()</c>). It is thread-safe and meant to live for the process.
/// https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md
/// </remarks>
public sealed partial class RegistryClient
{
    private readonly ConcurrentDictionary<string, ReferrersCapability> _referrersCapability = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fallbackWriters = new(StringComparer.Ordinal);

    internal RegistryClient(
        IHttpClientFactory httpClientFactory,
        RegistryClientOptions options,
        TlsPeerTracker tlsPeers,
        IRegistryCredentialProvider credentials,
        TimeProvider timeProvider,
        ILogger<RegistryClient> logger,
        IMeterFactory? meterFactory = null)
    {
        Options = options;
        Credentials = credentials;
        TimeProvider = timeProvider;
        Logger = logger;

        // On the host's "Signet" meter (the one its exporter reads); no factory, no counting (the CLI).
        var requests = meterFactory?.Create(Core.Errors.SignetMeter.Name).CreateCounter<long>(
            "signet_registry_requests", "{request}", "HTTP requests to OCI registries and their token services, by status code (or 'error' when no response).");
        Transport = new RegistryTransport(httpClientFactory, options, tlsPeers, timeProvider, logger, requests);
    }

    /// <summary>The options in force.</summary>
    public RegistryClientOptions Options { get; }

    /// <summary>The default credential source (options, then Docker's config), used when a repository is given none.</summary>
    public IRegistryCredentialProvider Credentials { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal RegistryTransport Transport { get; }

    /// <summary>The repository of <paramref name="image"/>; tag and digest of the reference are ignored.</summary>
    /// <param name="image">The image whose repository is wanted.</param>
    /// <param name="credentials">Credentials to use instead of the default ones (e.g. a pod's pull secrets).</param>
    public RegistryRepository GetRepository(ImageReference image, IRegistryCredentialProvider? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new RegistryRepository(this, image.Registry, image.Repository, credentials ?? Credentials);
    }

    /// <summary>The repository <paramref name="repository"/> of <paramref name="registry"/> (<c>host[:port]</c>).</summary>
    /// <param name="registry">Registry host as written in image references.</param>
    /// <param name="repository">Repository path (<c>team/app</c>).</param>
    /// <param name="credentials">Credentials to use instead of the default ones.</param>
    public RegistryRepository GetRepository(string registry, string repository, IRegistryCredentialProvider? credentials = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        if (!ImageReference.TryParse($"{registry}/{repository}", out var parsed, out var error) || parsed.Registry != RegistryHostNormalized(registry))
        {
            throw new ArgumentException($"'{registry}/{repository}' is not a registry and repository: {error ?? "the registry part is not a host"}", nameof(repository));
        }

        return new RegistryRepository(this, parsed.Registry, parsed.Repository, credentials ?? Credentials);
    }

    /// <summary>
    /// Whether <paramref name="registry"/> is known to serve the referrers API: true, false, or null when not yet
    /// probed (or the cached answer expired).
    /// </summary>
    public bool? SupportsReferrersApi(string registry) =>
        _referrersCapability.TryGetValue(registry, out var known) && known.ExpiresAt > TimeProvider.GetUtcNow() ? known.Supported : null;

    internal void SetReferrersApi(string registry, bool supported)
    {
        _referrersCapability[registry] = new ReferrersCapability(supported, TimeProvider.GetUtcNow() + Options.ReferrersCapabilityTtl);
        if (!supported)
        {
            LogReferrersApiMissing(Logger, registry);
        }
    }

    internal SemaphoreSlim FallbackWriter(string key) => _fallbackWriters.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));

    private static string RegistryHostNormalized(string registry) =>
        registry is "index.docker.io" or "registry-1.docker.io" ? ImageReference.DockerHubRegistry : registry;

    [LoggerMessage(EventId = Core.Errors.SignetEventId.Registry + 10, Level = LogLevel.Information, Message = "Registry {Registry} has no referrers API; using the tag-schema fallback index")]
    private static partial void LogReferrersApiMissing(ILogger logger, string registry);

    private sealed record ReferrersCapability(bool Supported, DateTimeOffset ExpiresAt);
}
