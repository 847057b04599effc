using System.Globalization;
using System.Net;

namespace Signet.Registry.Http;

/// <summary>Facts about a registry host name (<c>host[:port]</c>) that decide how it is reached.</summary>
internal static class RegistryHost
{
    /// <summary>Docker Hub's API host: <c>docker.io</c> in references is served from here.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The host part without port or IPv6 brackets.</summary>
    public static string HostPart(string registry)
    {
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? registry : registry[1..close];
        }

        var colon = registry.LastIndexOf(':');
        return colon < 0 ? registry : registry[..colon];
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and <c>::1</c> (Docker allows plain HTTP to these).</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostPart(registry);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>True when <paramref name="registry"/> parses as an absolute URI authority.</summary>
    public static bool IsValid(string? registry) =>
        !string.IsNullOrWhiteSpace(registry)
        && !registry.Contains('/', StringComparison.Ordinal)
        && Uri.TryCreate("https://" + registry + "/", UriKind.Absolute, out var uri)
        && (string.Equals(uri.Authority, registry, StringComparison.OrdinalIgnoreCase) || PortlessAuthorityMatches(uri, registry));

    /// <summary>The host that serves the API for <paramref name="registry"/> (Docker Hub is served elsewhere).</summary>
    public static string ApiHost(string registry) => registry == "docker.io" ? DockerHubApiHost : registry;

    private static bool PortlessAuthorityMatches(Uri uri, string registry) =>
        string.Equals(uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture), registry, StringComparison.OrdinalIgnoreCase);
}
