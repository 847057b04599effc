using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signet;
using Signet.Admission;
using Signet.DependencyInjection;
using Signet.Policy;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;
using Signet.Policy.Loading;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Signatures.Notation;
using Signet.Signatures.Vault;
using Signet.Signing;
using Signet.Targets;
using Signet.Verification;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Signet's application layer: the one composition the webhook and the CLI share.</summary>
public static class SignetServiceCollectionExtensions
{
    /// <summary>
    /// Adds registry client, key vault (embedded store under <c>$SIGNET_HOME/keys</c>), signature formats, policy
    /// evaluation with its cache, and the admission evaluator. Every part is added with <c>TryAdd</c> so tests and
    /// hosts can replace it.
    /// </summary>
    public static SignetBuilder AddSignet(this IServiceCollection services, Action<SignetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SignetOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignetOptions>, SignetOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.AddSignetRegistry();
        var keys = services.AddSignetKeys();
        services.AddOptions<Signet.Keys.Embedded.EmbeddedKeyStoreOptions>()
            .Configure<IOptions<SignetOptions>>((store, signet) => store.Directory ??= Path.Combine(signet.Value.Home, "keys"));
        keys.AddEmbeddedKeyStore();

        // PKCS#11 keys are named by RFC 7512 URIs that carry their module; with no default token configured the
        // provider only answers for pkcs11: ids, so registering it costs nothing for users of the embedded store.
        keys.AddPkcs11Keys();

        services.TryAddSingleton<ImageTargetResolver>();
        services.TryAddSingleton<SignatureDiscovery>();
        services.TryAddSingleton<ImageVerifier>();
        services.TryAddSingleton<TrustVerifierFactory>();
        services.TryAddSingleton<NotationKeyCertificates>();
        services.TryAddSingleton<ImageSigner>();
        if (!services.Any(d => d.ServiceType == typeof(ISignatureSigner)))
        {
            services.AddSingleton<ISignatureSigner>(sp => new NotationSigner(new NotationSignerOptions { Envelope = SignatureFormat.NotationJws }, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ISignatureSigner>(sp => new NotationSigner(new NotationSignerOptions { Envelope = SignatureFormat.NotationCose }, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ISignatureSigner>(_ => new CosignSignatureSigner());
            services.AddSingleton<ISignatureSigner>(sp => new VaultSignatureSigner(
                new VaultSignerOptions { Region = sp.GetRequiredService<IOptions<SignetOptions>>().Value.Region },
                sp.GetRequiredService<TimeProvider>()));
        }

        services.TryAddSingleton(_ => new VerificationCacheOptions());
        services.TryAddSingleton(sp => new VerificationCache(
            sp.GetRequiredService<VerificationCacheOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IImageSignatureSource, RegistryImageSignatureSource>();
        services.TryAddSingleton(sp => new PolicyEvaluator(
            sp.GetRequiredService<IImageSignatureSource>(),
            sp.GetRequiredService<VerificationCache>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<PolicyEvaluator>>()));
        services.TryAddSingleton(sp => new PolicyStore(sp.GetService<ILogger<PolicyStore>>()));
        services.TryAddSingleton<PolicyFileWatcher>();
        services.TryAddSingleton<KeyStateFingerprint>();
        services.TryAddSingleton<AdmissionEvaluator>();
        services.TryAddSingleton<IAdmissionEvaluator>(sp => sp.GetRequiredService<AdmissionEvaluator>());
        return new SignetBuilder(services, keys);
    }
}
