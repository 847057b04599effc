namespace Signet.Registry.Authentication;

/// <summary>Asks several credential providers in order and returns the first answer.</summary>
public sealed class ChainedCredentialProvider : IRegistryCredentialProvider
{
    private readonly IReadOnlyList<IRegistryCredentialProvider> _providers;

    /// <summary>Chains <paramref name="providers"/>, first match wins.</summary>
    public ChainedCredentialProvider(IEnumerable<IRegistryCredentialProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = [.. providers];
    }

    /// <inheritdoc />
    public string Description => _providers.Count == 0 ? "no credential sources" : string.Join(", then ", _providers.Select(p => p.Description));

    /// <inheritdoc />
    public async ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default)
    {
        foreach (var provider in _providers)
        {
            var credential = await provider.GetCredentialAsync(registry, cancellationToken).ConfigureAwait(false);
            if (credential is not null)
            {
                return credential;
            }
        }

        return null;
    }
}
