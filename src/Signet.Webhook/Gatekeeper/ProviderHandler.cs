using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Signet.Admission;
using Signet.Core.Errors;
using Signet.Core.References;
using Signet.Webhook.Admission;
using Signet.Webhook.Hosting;

namespace Signet.Webhook.Gatekeeper;

/// <summary>
/// Answers Gatekeeper external data requests: each key is an image reference, verified through
/// <see cref="IAdmissionEvaluator.EvaluateImageAsync"/>; the value has Ratify's v1 shape (verify) or is the reference
/// pinned to its digest (mutate). Keys that cannot be decided in the budget get an error, never a success.
/// </summary>
internal sealed partial class ProviderHandler
{
    private readonly IAdmissionEvaluator _evaluator;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly ILogger<ProviderHandler> _logger;

    public ProviderHandler(IAdmissionEvaluator evaluator, TimeProvider timeProvider, IOptionsMonitor<WebhookOptions> options, ILogger<ProviderHandler> logger)
    {
        _evaluator = evaluator;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    public async Task<ProviderResponse> HandleAsync(ProviderRequest request, bool mutate, string traceId, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (request.ApiVersion != ProviderRequest.Version || request.Kind != "ProviderRequest")
        {
            return SystemError(mutate, $"[{SignetErrorCode.InvalidAdmissionRequest}] apiVersion '{request.ApiVersion}' kind '{request.Kind}' is not a {ProviderRequest.Version} ProviderRequest.");
        }

        if (request.Request?.Keys is not { } keys)
        {
            return SystemError(mutate, $"[{SignetErrorCode.InvalidAdmissionRequest}] The ProviderRequest has no request.keys.");
        }

        if (keys.Count > options.ProviderMaxKeys)
        {
            return SystemError(mutate, $"[{SignetErrorCode.InvalidAdmissionRequest}] The ProviderRequest has {keys.Count} keys; the limit is {options.ProviderMaxKeys} (Webhook:ProviderMaxKeys).");
        }

        var results = new ConcurrentDictionary<string, ProviderItem>(StringComparer.Ordinal);
        var distinct = keys.Select(k => k ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        using var deadline = new CancellationTokenSource(options.DecisionBudget, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var work = Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = options.ProviderParallelism, CancellationToken = linked.Token },
            async (key, token) => results[key] = await EvaluateKeyAsync(key, mutate, traceId, token).ConfigureAwait(false));
        try
        {
            await work.WaitAsync(options.DecisionBudget, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            Log.DeadlineExceeded(_logger, distinct.Count - results.Count, options.DecisionBudget.TotalSeconds);

            // Stop the verifications still running; their keys are answered with DEADLINE_EXCEEDED below.
            await linked.CancelAsync().ConfigureAwait(false);
        }

        var items = keys.Select(k => k ?? string.Empty).Select(key => results.TryGetValue(key, out var item)
            ? item
            : new ProviderItem { Key = key, Error = $"[{SignetErrorCode.DeadlineExceeded}] not verified within the {options.DecisionBudget.TotalSeconds:0.###} s budget" }).ToList();
        return new ProviderResponse { Response = new ProviderResponseBody { Idempotent = mutate, Items = items } };
    }

    private async Task<ProviderItem> EvaluateKeyAsync(string key, bool mutate, string traceId, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(key, out var reference, out var parseError))
        {
            return new ProviderItem { Key = key, Error = $"[{SignetErrorCode.InvalidReference}] {parseError}" };
        }

        ImageDecision decision;
        try
        {
            decision = await _evaluator.EvaluateImageAsync(key, null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Fail closed per key: an error item makes the stock Ratify templates deny.
            Log.EvaluationFailed(_logger, key, ex);
            return new ProviderItem { Key = key, Error = $"[{SignetErrorCode.EvaluationFailed}] Signet failed to verify the image ({ex.GetType().Name}); see the webhook log." };
        }

        var pinned = decision.PinnedReference is not null && ImageReference.TryParse(decision.PinnedReference, out var p) && p.HasDigest && p.IsSameRepository(reference) ? p : null;
        if (mutate)
        {
            return decision.Allowed && pinned is not null
                ? new ProviderItem { Key = key, Value = JsonSerializer.SerializeToElement($"{pinned.Name}@{pinned.Digest}", AdmissionJsonContext.Default.String) }
                : new ProviderItem { Key = key, Error = $"[{decision.Code}] {decision.Message}" };
        }

        var report = new RatifyVerifierReport
        {
            Subject = pinned?.Canonical ?? reference.Canonical,
            IsSuccess = decision.Allowed,
            ReferenceDigest = pinned?.Digest?.ToString(),
            Message = decision.Message,
            ErrorReason = decision.Allowed ? null : decision.Code,
            Extensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["code"] = decision.Code, ["mode"] = decision.Mode ?? "enforce" },
        };
        var value = new RatifyVerificationResult
        {
            IsSuccess = decision.Allowed,
            TraceID = traceId,
            Timestamp = _timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            VerifierReports = [report],
        };
        return new ProviderItem { Key = key, Value = JsonSerializer.SerializeToElement(value, AdmissionJsonContext.Default.RatifyVerificationResult) };
    }

    private static ProviderResponse SystemError(bool mutate, string message) =>
        new() { Response = new ProviderResponseBody { Idempotent = mutate, SystemError = message } };

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Admission + 20, Level = LogLevel.Warning, Message = "Provider request: {Count} image(s) not verified within the {BudgetSeconds} s budget")]
        public static partial void DeadlineExceeded(ILogger logger, int count, double budgetSeconds);

        [LoggerMessage(EventId = SignetEventId.Admission + 21, Level = LogLevel.Error, Message = "Provider request: verifying {Image} failed")]
        public static partial void EvaluationFailed(ILogger logger, string image, Exception exception);
    }
}
