using System.Collections.Concurrent;

namespace Signet.Registry.Http;

/// <summary>
/// Remembers which hosts reached TLS certificate validation (so they speak TLS): a loopback registry falls back to
/// plain HTTP only when the handshake failed before that point.
/// </summary>
internal sealed class TlsPeerTracker
{
    private readonly ConcurrentDictionary<string, bool> _peers = new(StringComparer.OrdinalIgnoreCase);

    public void Saw(string host) => _peers[host] = true;

    public bool SpokeTls(string host) => _peers.ContainsKey(host);
}
