namespace Signet.Registry.Authentication;

/// <summary>
/// A source of registry credentials: Docker's <c>config.json</c>, a Kubernetes pull secret, static options. Returning
/// null means "no credentials here" and the request goes anonymously.
/// </summary>
public interface IRegistryCredentialProvider
{
    /// <summary>A short description for error messages (<c>docker config ~/.docker/config.json</c>).</summary>
    string Description { get; }

    /// <summary>Credentials for <paramref name="registry"/> (<c>host[:port]</c>, <c>docker.io</c>), or null.</summary>
    ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default);
}
