using System.Collections.Concurrent;
using k8s;
using Signet.Admission;

namespace Signet.Webhook.Cluster;

/// <summary>
/// Namespace labels read from the API server (<c>GET /api/v1/namespaces/{name}</c>, RBAC <c>get namespaces</c>), kept
/// for <see cref="TimeToLive"/> so a burst of admissions in one namespace costs one read. A relabelled namespace is
/// seen within that time. Errors propagate: the admission is denied rather than matched against guessed labels.
/// </summary>
internal sealed class KubernetesNamespaceLabelSource(IKubernetes client, TimeProvider timeProvider) : INamespaceLabelSource
{
    /// <summary>How long labels are reused.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    // Bounded: a cluster with more namespaces than this only rereads more often.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, string> Labels, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, string>> GetLabelsAsync(string @namespace, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(@namespace, out var cached) && cached.Expires > now)
        {
            return cached.Labels;
        }

        var read = await client.CoreV1.ReadNamespaceAsync(@namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, string> labels = read.Metadata?.Labels is { } found
            ? new Dictionary<string, string>(found, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[@namespace] = (labels, now + TimeToLive);
        return labels;
    }
}
