namespace Signet.Registry.Authentication;

/// <summary>Credentials written in <see cref="RegistryClientOptions.Registries"/> (user name and password per host).</summary>
internal sealed class OptionsCredentialProvider(RegistryClientOptions options) : IRegistryCredentialProvider
{
    public string Description => "Signet:Registry:Registries options";

    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default)
    {
        var host = options.For(registry);
        if (host is { Username: { Length: > 0 } user, Password: { Length: > 0 } password })
        {
            return ValueTask.FromResult<RegistryCredential?>(new RegistryCredential
            {
                Username = user,
                Secret = password,
                Source = $"options Signet:Registry:Registries['{registry}']",
            });
        }

        return ValueTask.FromResult<RegistryCredential?>(null);
    }
}
