using Microsoft.Extensions.DependencyInjection;
using Signet.Keys.DependencyInjection;

namespace Signet.DependencyInjection;

/// <summary>Returned by <c>AddSignet()</c> to add optional parts (PKCS#11 keys, another key provider).</summary>
public sealed class SignetBuilder
{
    internal SignetBuilder(IServiceCollection services, SignetKeysBuilder keys)
    {
        Services = services;
        Keys = keys;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The key vault builder (<c>.AddPkcs11Keys()</c> and other providers).</summary>
    public SignetKeysBuilder Keys { get; }
}
