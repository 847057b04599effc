using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Signet.Keys;
using Signet.Keys.DependencyInjection;
using Signet.Keys.Pkcs11;
using Signet.Keys.Pkcs11.DependencyInjection;

#pragma warning disable IDE0130 // DI extensions live in the DI namespace, as ASP.NET Core's and YARP's do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the PKCS#11 key provider.</summary>
public static class Pkcs11KeysBuilderExtensions
{
    /// <summary>Adds the PKCS#11 provider (handles <c>pkcs11:</c> key ids), with options validated at start.</summary>
    public static SignetKeysBuilder AddPkcs11Keys(this SignetKeysBuilder builder, Action<Pkcs11KeyProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<Pkcs11KeyProviderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Pkcs11KeyProviderOptions>, Pkcs11KeyProviderOptionsAttributeValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Pkcs11KeyProviderOptions>, Pkcs11KeyProviderOptionsValidator>());
        builder.Services.TryAddSingleton<Pkcs11KeyProvider>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProvider, Pkcs11KeyProvider>(sp => sp.GetRequiredService<Pkcs11KeyProvider>()));
        return builder;
    }
}
