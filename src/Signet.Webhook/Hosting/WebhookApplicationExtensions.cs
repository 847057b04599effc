using System.Text.Json;
using Prometheus;
using Signet.Core.Errors;
using Signet.Webhook.Admission;
using Signet.Webhook.Observability;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the webhook's endpoints on an application built with <c>AddSignetWebhook()</c>.</summary>
public static class WebhookApplicationExtensions
{
    /// <summary>
    /// Adds the exception handler (failures on <c>/validate</c>/<c>/mutate</c> become denials) and maps
    /// <c>/validate</c>, <c>/mutate</c>, <c>/provider</c>, <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.
    /// </summary>
    public static WebApplication MapSignetWebhook(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Reached only if the registered IExceptionHandler declines, which it never does; kept so nothing leaks.
            ExceptionHandler = context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return JsonSerializer.SerializeAsync(context.Response.Body, new RequestError(SignetErrorCode.EvaluationFailed, "Signet failed while answering; see the webhook log."), AdmissionJsonContext.Default.RequestError);
            },
        });
        app.MapAdmission();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<PrometheusExporter>().Registry);
        return app;
    }
}
