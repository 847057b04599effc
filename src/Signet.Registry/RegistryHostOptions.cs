namespace Signet.Registry;

/// <summary>Transport and credential settings for one registry host.</summary>
public sealed class RegistryHostOptions
{
    /// <summary>
    /// Talk plain HTTP to this registry. Allowed only for loopback hosts and hosts listed in
    /// <see cref="RegistryClientOptions.InsecureRegistries"/>; anything else fails validation.
    /// </summary>
    public bool PlainHttp { get; set; }

    /// <summary>A PEM file of CA certificates trusted for this registry in addition to the system roots.</summary>
    public string? CaBundlePath { get; set; }

    /// <summary>User name for Basic authentication or the token endpoint (takes precedence over Docker's config).</summary>
    public string? Username { get; set; }

    /// <summary>Password or access token paired with <see cref="Username"/>. Never logged.</summary>
    public string? Password { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"PlainHttp={PlainHttp}, CaBundlePath={CaBundlePath}, Username={Username}, Password={(Password is null ? "<none>" : "<redacted>")}";
}
