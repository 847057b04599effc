using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Signet.Keys;
using Signet.Keys.DependencyInjection;
using Signet.Keys.Embedded;

#pragma warning disable IDE0130 // DI extensions live in the DI namespace, as ASP.NET Core's and YARP's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the key vault and its providers.</summary>
public static class SignetKeysServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KeyVault"/> (over every registered <see cref="IKeyProvider"/>) and a
    /// <see cref="TimeProvider"/>; add providers on the returned builder.
    /// </summary>
    public static SignetKeysBuilder AddSignetKeys(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KeyVault>();
        return new SignetKeysBuilder(services);
    }

    /// <summary>Adds the embedded encrypted key store, with options validated at start.</summary>
    public static SignetKeysBuilder AddEmbeddedKeyStore(this SignetKeysBuilder builder, Action<EmbeddedKeyStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<EmbeddedKeyStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedKeyStoreOptions>, EmbeddedKeyStoreOptionsAttributeValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedKeyStoreOptions>, EmbeddedKeyStoreOptionsValidator>());
        builder.Services.TryAddSingleton<EmbeddedKeyStore>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProvider, EmbeddedKeyStore>(sp => sp.GetRequiredService<EmbeddedKeyStore>()));
        return builder;
    }
}
