using Microsoft.Extensions.DependencyInjection;

namespace Signet.Keys.DependencyInjection;

/// <summary>Adds key providers to the vault registered by <c>AddSignetKeys()</c>.</summary>
public sealed class SignetKeysBuilder
{
    internal SignetKeysBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the providers are added to.</summary>
    public IServiceCollection Services { get; }
}
