using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signet.Registry;
using Signet.Registry.Authentication;
using Signet.Registry.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Signet's OCI registry client.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RegistryClient"/> with validated <see cref="RegistryClientOptions"/> (checked at start-up), one
    /// pooled handler per registry host from <see cref="IHttpClientFactory"/>, and credentials from the options and
    /// Docker's <c>config.json</c>. Every part is added with TryAdd, so tests and hosts can replace it.
    /// </summary>
    public static IServiceCollection AddSignetRegistry(this IServiceCollection services, Action<RegistryClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RegistryClientOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryClientOptions>, RegistryClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TlsPeerTracker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, RegistryHttpClientConfigurator>());
        services.TryAddSingleton<IRegistryCredentialProvider>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<RegistryClientOptions>>().Value;
            var providers = new List<IRegistryCredentialProvider> { new OptionsCredentialProvider(settings) };
            if (settings.UseDockerConfig)
            {
                providers.Add(new DockerConfigFileCredentialProvider(settings.DockerConfigPath ?? DockerConfigCredentialProvider.DefaultPath(), settings.CredentialHelperTimeout));
            }

            return new ChainedCredentialProvider(providers);
        });
        services.TryAddSingleton(sp => new RegistryClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<RegistryClientOptions>>().Value,
            sp.GetRequiredService<TlsPeerTracker>(),
            sp.GetRequiredService<IRegistryCredentialProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RegistryClient>>() ?? NullLogger<RegistryClient>.Instance,
            sp.GetService<IMeterFactory>()));
        return services;
    }
}
