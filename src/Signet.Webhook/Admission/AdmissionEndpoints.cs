using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Signet.Admission;
using Signet.Core.Errors;
using Signet.Webhook.Gatekeeper;
using Signet.Webhook.Hosting;

namespace Signet.Webhook.Admission;

/// <summary>The webhook's HTTP surface: admission (<c>/validate</c>, <c>/mutate</c>), Gatekeeper external data and health.</summary>
internal static class AdmissionEndpoints
{
    /// <summary>The <see cref="HttpContext.Items"/> key holding the uid of the review being answered.</summary>
    public const string UidItemKey = "Signet.Admission.Uid";

    /// <summary>Maps every endpoint of the webhook.</summary>
    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/validate", ValidateAsync);
        endpoints.MapPost("/mutate", MutateAsync);

        // /provider is Signet's name; the Ratify paths let a Gatekeeper Provider written for Ratify point at Signet unchanged.
        endpoints.MapPost("/provider", ProviderVerifyAsync);
        endpoints.MapPost("/ratify/gatekeeper/v1/verify", ProviderVerifyAsync);
        endpoints.MapPost("/provider/mutate", ProviderMutateAsync);
        endpoints.MapPost("/ratify/gatekeeper/v1/mutate", ProviderMutateAsync);
        endpoints.MapGet("/healthz", Healthz);
        endpoints.MapGet("/readyz", Readyz);
        return endpoints;
    }

    internal static Task<Results<JsonHttpResult<AdmissionReview>, JsonHttpResult<RequestError>>> ValidateAsync(HttpContext context, AdmissionHandler handler, IOptionsMonitor<WebhookOptions> options, CancellationToken cancellationToken) =>
        ReviewAsync(context, handler, options.CurrentValue, mutate: false, cancellationToken);

    internal static Task<Results<JsonHttpResult<AdmissionReview>, JsonHttpResult<RequestError>>> MutateAsync(HttpContext context, AdmissionHandler handler, IOptionsMonitor<WebhookOptions> options, CancellationToken cancellationToken) =>
        ReviewAsync(context, handler, options.CurrentValue, mutate: true, cancellationToken);

    internal static Task<Results<JsonHttpResult<ProviderResponse>, JsonHttpResult<RequestError>>> ProviderVerifyAsync(HttpContext context, ProviderHandler handler, IOptionsMonitor<WebhookOptions> options, CancellationToken cancellationToken) =>
        ProviderAsync(context, handler, options.CurrentValue, mutate: false, cancellationToken);

    internal static Task<Results<JsonHttpResult<ProviderResponse>, JsonHttpResult<RequestError>>> ProviderMutateAsync(HttpContext context, ProviderHandler handler, IOptionsMonitor<WebhookOptions> options, CancellationToken cancellationToken) =>
        ProviderAsync(context, handler, options.CurrentValue, mutate: true, cancellationToken);

    internal static ContentHttpResult Healthz() => TypedResults.Text("ok");

    internal static Results<ContentHttpResult, JsonHttpResult<RequestError>> Readyz(IAdmissionEvaluator evaluator) =>
        evaluator.IsReady
            ? TypedResults.Text("ready")
            : TypedResults.Json(new RequestError("NOT_READY", "The policy or its keys are not loaded yet; see the webhook log."), AdmissionJsonContext.Default.RequestError, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>What is wrong with the envelope of <paramref name="review"/>, or null when it can be answered.</summary>
    internal static string? Check(AdmissionReview review)
    {
        if (review.ApiVersion != AdmissionReview.Version)
        {
            return $"apiVersion '{review.ApiVersion}' is not supported; Signet serves {AdmissionReview.Version} (list only \"v1\" in admissionReviewVersions).";
        }

        if (review.Kind != AdmissionReview.ReviewKind)
        {
            return $"kind '{review.Kind}' is not {AdmissionReview.ReviewKind}.";
        }

        if (review.Request is not { } request)
        {
            return "The AdmissionReview has no 'request'.";
        }

        if (string.IsNullOrEmpty(request.Uid))
        {
            return "The AdmissionReview request has no 'uid'; the response must echo it.";
        }

        if (request.Kind is null || string.IsNullOrEmpty(request.Kind.Kind))
        {
            return "The AdmissionReview request has no 'kind' (group/version/kind of the object).";
        }

        return string.IsNullOrEmpty(request.Operation) ? "The AdmissionReview request has no 'operation'." : null;
    }

    private static async Task<Results<JsonHttpResult<AdmissionReview>, JsonHttpResult<RequestError>>> ReviewAsync(HttpContext context, AdmissionHandler handler, WebhookOptions options, bool mutate, CancellationToken cancellationToken)
    {
        var (review, error, status) = await BodyReader.ReadAsync(context.Request, AdmissionJsonContext.Default.AdmissionReview, options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        if (review is null)
        {
            return TypedResults.Json(error!, AdmissionJsonContext.Default.RequestError, statusCode: status);
        }

        if (Check(review) is { } problem)
        {
            return TypedResults.Json(new RequestError(SignetErrorCode.InvalidAdmissionRequest, problem), AdmissionJsonContext.Default.RequestError, statusCode: StatusCodes.Status400BadRequest);
        }

        context.Items[UidItemKey] = review.Request!.Uid;
        var response = await handler.HandleAsync(review.Request, mutate, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new AdmissionReview { ApiVersion = AdmissionReview.Version, Kind = AdmissionReview.ReviewKind, Response = response }, AdmissionJsonContext.Default.AdmissionReview);
    }

    private static async Task<Results<JsonHttpResult<ProviderResponse>, JsonHttpResult<RequestError>>> ProviderAsync(HttpContext context, ProviderHandler handler, WebhookOptions options, bool mutate, CancellationToken cancellationToken)
    {
        var (request, error, status) = await BodyReader.ReadAsync(context.Request, AdmissionJsonContext.Default.ProviderRequest, options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return TypedResults.Json(error!, AdmissionJsonContext.Default.RequestError, statusCode: status);
        }

        var response = await handler.HandleAsync(request, mutate, context.TraceIdentifier, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(response, AdmissionJsonContext.Default.ProviderResponse);
    }
}
