using Microsoft.Extensions.DependencyInjection.Extensions;
using Signet.Admission;

namespace Signet.Webhook.Hosting;

/// <summary>Composes the application layer into a webhook host: the real evaluator, and the policy file kept loaded.</summary>
public static class SignetApplicationExtensions
{
    /// <summary>
    /// Adds <c>AddSignet()</c> (options from the <c>Signet</c> configuration section, then <paramref name="configure"/>),
    /// makes its <see cref="AdmissionEvaluator"/> the webhook's evaluator, and loads and watches the policy file.
    /// </summary>
    public static WebApplicationBuilder AddSignetApplication(this WebApplicationBuilder builder, Action<SignetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SignetOptions.SectionName);
        builder.Services.AddSignet(options =>
        {
            section.Bind(options);
            configure?.Invoke(options);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IAdmissionEvaluator>(sp => sp.GetRequiredService<AdmissionEvaluator>()));
        builder.Services.AddHostedService<PolicyWatcherService>();
        return builder;
    }
}
