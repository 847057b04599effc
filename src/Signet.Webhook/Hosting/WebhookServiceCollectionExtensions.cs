using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Signet.Admission;
using Signet.Webhook.Admission;
using Signet.Webhook.Cluster;
using Signet.Webhook.Events;
using Signet.Webhook.Gatekeeper;
using Signet.Webhook.Hosting;
using Signet.Webhook.Observability;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the admission webhook's services, so that the webhook host and <c>signet serve</c> compose the same parts.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds the webhook (options from the <c>Webhook</c> section, validated at start; handlers; metrics; events). The
    /// <see cref="IAdmissionEvaluator"/> comes from the application (<c>AddSignet()</c>); until one is registered every
    /// request is denied and <c>/readyz</c> answers 503.
    /// </summary>
    public static IServiceCollection AddSignetWebhook(this IServiceCollection services, Action<WebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsAttributeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SignetMetrics>();
        services.TryAddSingleton<IAdmissionEvaluator, UnconfiguredAdmissionEvaluator>();
        services.TryAddSingleton<AdmissionHandler>();
        services.TryAddSingleton<ProviderHandler>();
        services.TryAddSingleton<CertificateReloader>();
        services.TryAddSingleton<PrometheusExporter>();
        services.AddHostedService(sp => sp.GetRequiredService<PrometheusExporter>());
        services.AddExceptionHandler<AdmissionExceptionHandler>();

        // Events and namespace labels need the in-cluster service account; outside a cluster every decision is still in
        // the audit log, and label-selected rules see no labels (AddSignetKubernetes wires a client explicitly).
        if (KubernetesClientConfiguration.IsInCluster())
        {
            services.AddSignetKubernetes(_ => new k8s.Kubernetes(KubernetesClientConfiguration.InClusterConfig()));
        }
        else
        {
            services.TryAddSingleton<IAdmissionEventRecorder, NullAdmissionEventRecorder>();
        }

        return services;
    }

    /// <summary>
    /// Connects the webhook to an API server: Kubernetes Events for decisions (unless <c>KubernetesEvents</c> is off)
    /// and namespace labels for label-selected policy rules. Called for the in-cluster client automatically.
    /// </summary>
    public static IServiceCollection AddSignetKubernetes(this IServiceCollection services, Func<IServiceProvider, IKubernetes> client)
    {
        ArgumentNullException.ThrowIfNull(client);
        services.TryAddSingleton(client);
        services.TryAddSingleton<KubernetesEventRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesEventRecorder>());
        services.Replace(ServiceDescriptor.Singleton<IAdmissionEventRecorder>(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.KubernetesEvents
            ? sp.GetRequiredService<KubernetesEventRecorder>()
            : new NullAdmissionEventRecorder()));
        services.TryAddSingleton<INamespaceLabelSource, KubernetesNamespaceLabelSource>();
        return services;
    }
}
