using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Signet.Core.Errors;

namespace Signet.Webhook.Admission;

/// <summary>
/// The last line of defence: any unexpected failure while answering <c>/validate</c> or <c>/mutate</c> becomes a
/// DENIED AdmissionReview (logged with its stack trace), and anywhere else a 500 with a code and no internals.
/// </summary>
internal sealed partial class AdmissionExceptionHandler : IExceptionHandler
{
    private readonly ILogger<AdmissionExceptionHandler> _logger;

    public AdmissionExceptionHandler(ILogger<AdmissionExceptionHandler> logger) => _logger = logger;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var path = httpContext.Request.Path;
        Log.Unhandled(_logger, path.Value ?? string.Empty, exception);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        if (path.StartsWithSegments("/validate") || path.StartsWithSegments("/mutate"))
        {
            // The uid is known once the review was read; without it the API server rejects the answer, which under
            // failurePolicy: Fail is a denial too.
            var uid = httpContext.Items[AdmissionEndpoints.UidItemKey] as string ?? string.Empty;
            var outcome = AdmissionHandler.Deny(uid, SignetErrorCode.EvaluationFailed, 500, $"Signet failed while answering ({exception.GetType().Name}); the request is denied. See the webhook log for uid {uid}.", []);
            var review = new AdmissionReview { ApiVersion = AdmissionReview.Version, Kind = AdmissionReview.ReviewKind, Response = outcome.Response };
            httpContext.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, review, AdmissionJsonContext.Default.AdmissionReview, cancellationToken).ConfigureAwait(false);
            return true;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        httpContext.Response.ContentType = "application/json";
        var error = new RequestError(SignetErrorCode.EvaluationFailed, $"Signet failed while answering ({exception.GetType().Name}); see the webhook log.");
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, error, AdmissionJsonContext.Default.RequestError, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Admission + 5, Level = LogLevel.Error, Message = "Unexpected failure answering {Path}; answered with a denial")]
        public static partial void Unhandled(ILogger logger, string path, Exception exception);
    }
}
