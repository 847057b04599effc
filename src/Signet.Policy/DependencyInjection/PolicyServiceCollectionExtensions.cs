using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;
using Signet.Policy.Loading;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the policy store, verification cache and evaluator.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PolicyStore"/>, <see cref="VerificationCache"/> and <see cref="PolicyEvaluator"/> as singletons
    /// (each only if not already registered). The application layer must register the <see cref="IImageSignatureSource"/>.
    /// </summary>
    public static IServiceCollection AddSignetPolicy(this IServiceCollection services, Action<VerificationCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PolicyStore>();
        services.TryAddSingleton(provider =>
        {
            var options = new VerificationCacheOptions();
            configure?.Invoke(options);
            return new VerificationCache(options, provider.GetRequiredService<TimeProvider>(), provider.GetService<IMeterFactory>());
        });
        services.TryAddSingleton<PolicyEvaluator>();
        return services;
    }
}
