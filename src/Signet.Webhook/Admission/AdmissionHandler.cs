using System.Text.Json;
using Microsoft.Extensions.Options;
using Signet.Admission;
using Signet.Core.Errors;
using Signet.Webhook.Events;
using Signet.Webhook.Hosting;

namespace Signet.Webhook.Admission;

/// <summary>
/// Turns one AdmissionRequest into an AdmissionResponse: finds the images, asks the <see cref="IAdmissionEvaluator"/>
/// within the decision budget, renders the verdict (and the pinning patch for <c>/mutate</c>), and records metrics,
/// the audit line and Kubernetes Events. Every path that is not an explicit allow is a deny.
/// </summary>
internal sealed partial class AdmissionHandler
{
    private readonly IAdmissionEvaluator _evaluator;
    private readonly IAdmissionEventRecorder _events;
    private readonly SignetMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<WebhookOptions> _options;
    private readonly ILogger<AdmissionHandler> _logger;

    public AdmissionHandler(IAdmissionEvaluator evaluator, IAdmissionEventRecorder events, SignetMetrics metrics, TimeProvider timeProvider, IOptionsMonitor<WebhookOptions> options, ILogger<AdmissionHandler> logger)
    {
        _evaluator = evaluator;
        _events = events;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>Decides on <paramref name="request"/> (already checked to have a uid) for <c>/validate</c> or <c>/mutate</c>.</summary>
    public async Task<AdmissionResponse> HandleAsync(AdmissionRequest request, bool mutate, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var options = _options.CurrentValue;
        var uid = request.Uid!;
        var kind = request.Kind?.Kind ?? "?";
        var outcome = await DecideAsync(request, mutate, options, started, cancellationToken).ConfigureAwait(false);
        var elapsed = _timeProvider.GetElapsedTime(started);

        _metrics.RecordAdmission(outcome.Decision.DecisionLabel, outcome.Decision.Mode, kind, elapsed);
        if (outcome.Decision.BreakGlass is { } breakGlass)
        {
            _metrics.RecordBreakGlass(breakGlass.Honoured);
        }

        WriteAudit(request, mutate, outcome.Decision, elapsed);
        if (request.DryRun != true)
        {
            RecordEvents(request, outcome.Decision);
        }

        return outcome.Response;
    }

    private async Task<Outcome> DecideAsync(AdmissionRequest request, bool mutate, WebhookOptions options, long started, CancellationToken cancellationToken)
    {
        var uid = request.Uid!;
        var screening = WorkloadScreening.Screen(
            request.Operation,
            request.Object ?? default,
            request.Kind?.Group ?? string.Empty,
            request.Kind?.Kind,
            denyUnknownKinds: options.UnknownKinds == UnknownKindHandling.Deny);
        if (screening.Verdict is { } verdict)
        {
            // Decided before the policy: bad input is the client's fault (400); the rest starts no container Signet can check.
            return verdict.Allowed
                ? Allow(uid, verdict.Code, verdict.Message, verdict.Images, AdmissionWarnings.Limit(verdict.Warnings))
                : Deny(uid, verdict.Code, 400, verdict.Message, verdict.Images);
        }

        var extracted = screening.Workload!;
        var workload = request.Object!.Value;
        var info = new AdmissionRequestInfo
        {
            Uid = uid,
            Kind = extracted.Kind,
            Namespace = request.Namespace ?? string.Empty,
            Name = string.IsNullOrEmpty(request.Name) ? WorkloadScreening.ObjectName(workload) : request.Name,
            Operation = request.Operation!,
            UserName = request.UserInfo?.Username,
            UserGroups = request.UserInfo?.Groups ?? [],
            Annotations = extracted.Annotations,
            DryRun = request.DryRun == true,
            Images = extracted.Images,
        };

        AdmissionDecision decision;
        var remaining = options.DecisionBudget - _timeProvider.GetElapsedTime(started);
        remaining = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        using var deadline = new CancellationTokenSource(remaining, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            // WaitAsync bounds the wait even if the evaluator ignores its token: the answer must beat the API server's timeout.
            decision = await _evaluator.EvaluateAsync(info, linked.Token).WaitAsync(remaining, _timeProvider, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The admission evaluator returned no decision.");
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            Log.DeadlineExceeded(_logger, uid, extracted.Kind, options.DecisionBudget.TotalSeconds);
            var message = $"Signet could not decide within its {options.DecisionBudget.TotalSeconds:0.###} s budget (registry or key vault slow or unreachable); retry, and check signet_registry_requests_total.";
            return Deny(uid, SignetErrorCode.DeadlineExceeded, 504, message, extracted.Images.Select(i => Denied(i, SignetErrorCode.DeadlineExceeded, "not decided in time")).ToList());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Fail closed on any failure inside Signet; the stack trace goes to the log, never to the API server.
            Log.EvaluationFailed(_logger, uid, extracted.Kind, ex);
            return Deny(uid, SignetErrorCode.EvaluationFailed, 500, $"Signet failed to evaluate the request ({ex.GetType().Name}); the request is denied. See the webhook log for uid {uid}.", []);
        }

        return Render(uid, decision, mutate, options);
    }

    private Outcome Render(string uid, AdmissionDecision decision, bool mutate, WebhookOptions options)
    {
        var warnings = AdmissionWarnings.Limit(decision.Warnings);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["decision"] = decision.DecisionLabel, ["code"] = decision.Code };
        if (!decision.Allowed)
        {
            return new Outcome(decision, new AdmissionResponse
            {
                Uid = uid,
                Allowed = false,
                Status = new AdmissionStatus { Code = 403, Reason = "Forbidden", Message = StatusMessage(decision.Code, decision.Message) },
                Warnings = warnings,
                AuditAnnotations = annotations,
            });
        }

        byte[]? patch = null;
        if (mutate)
        {
            var refused = new List<string>();
            patch = DigestPinning.BuildPatch(decision, options.DigestPinning, refused);
            foreach (var reason in refused)
            {
                Log.PinningRefused(_logger, uid, reason);
            }
        }

        return new Outcome(decision, new AdmissionResponse
        {
            Uid = uid,
            Allowed = true,
            Patch = patch,
            PatchType = patch is null ? null : AdmissionResponse.JsonPatchType,
            Warnings = warnings,
            AuditAnnotations = annotations,
        });
    }

    private static Outcome Allow(string uid, string code, string message, IReadOnlyList<ImageDecision> images, IReadOnlyList<string>? warnings = null)
    {
        var decision = new AdmissionDecision { Allowed = true, Code = code, Message = message, Images = images, Warnings = warnings ?? [] };
        return new Outcome(decision, new AdmissionResponse
        {
            Uid = uid,
            Allowed = true,
            Warnings = warnings is { Count: > 0 } ? warnings : null,
            AuditAnnotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["decision"] = decision.DecisionLabel, ["code"] = code },
        });
    }

    /// <summary>A denial decided by the webhook itself (bad input, deadline, failure), rendered like the evaluator's.</summary>
    internal static Outcome Deny(string uid, string code, int statusCode, string message, IReadOnlyList<ImageDecision> images)
    {
        var decision = new AdmissionDecision { Allowed = false, Code = code, Message = message, Images = images };
        return new Outcome(decision, new AdmissionResponse
        {
            Uid = uid,
            Allowed = false,
            Status = new AdmissionStatus { Code = statusCode, Reason = StatusReason(statusCode), Message = StatusMessage(code, message) },
            AuditAnnotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["decision"] = "deny", ["code"] = code },
        });
    }

    // metav1.StatusReason values (k8s.io/apimachinery/pkg/apis/meta/v1/types.go) for the codes the webhook uses.
    private static string StatusReason(int statusCode) => statusCode switch
    {
        400 => "BadRequest",
        403 => "Forbidden",
        504 => "Timeout",
        _ => "InternalError",
    };

    private static ImageDecision Denied(ContainerImage image, string code, string message) =>
        new() { Container = image, Allowed = false, Code = code, Message = message };

    // The code leads so users can search docs/troubleshooting.md for it; the API server shows this text verbatim.
    private static string StatusMessage(string code, string message) => AdmissionWarnings.Truncate($"[{code}] {message}", 4096);

    private void WriteAudit(AdmissionRequest request, bool mutate, AdmissionDecision decision, TimeSpan elapsed)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var record = new AuditRecord
        {
            Uid = request.Uid!,
            User = request.UserInfo?.Username,
            Namespace = request.Namespace,
            Kind = request.Kind?.Kind ?? "?",
            Name = string.IsNullOrEmpty(request.Name) && request.Object is { ValueKind: JsonValueKind.Object } o ? WorkloadScreening.ObjectName(o) : request.Name,
            Operation = request.Operation,
            DryRun = request.DryRun == true,
            Endpoint = mutate ? "mutate" : "validate",
            Verdict = decision.DecisionLabel,
            Code = decision.Code,
            Mode = decision.Mode,
            Images = decision.Images.Select(i => new AuditImage(i.Container.Image, i.Container.ContainerName, i.Container.JsonPointer, i.Allowed, i.Code, i.PinnedReference)).ToList(),
            Reasons = [decision.Message, .. decision.Images.Where(i => !i.Allowed).Select(i => $"{i.Container.Image}: [{i.Code}] {i.Message}")],
            BreakGlass = decision.BreakGlass is { } b ? $"{b.Annotation} by {b.User}: {(b.Honoured ? "honoured" : "refused")} ({b.Reason})" : null,
            DurationMs = Math.Round(elapsed.TotalMilliseconds, 3),
        };
        var json = JsonSerializer.Serialize(record, AdmissionJsonContext.Default.AuditRecord);
        Log.Audit(_logger, record.Uid, record.Verdict, record.Code, json);
    }

    private void RecordEvents(AdmissionRequest request, AdmissionDecision decision)
    {
        var apiVersion = string.IsNullOrEmpty(request.Kind?.Group) ? request.Kind?.Version ?? "v1" : $"{request.Kind.Group}/{request.Kind.Version}";
        var name = (string.IsNullOrEmpty(request.Name) && request.Object is { ValueKind: JsonValueKind.Object } o ? WorkloadScreening.ObjectName(o) : request.Name) ?? string.Empty;
        var kind = request.Kind?.Kind ?? "?";
        if (!decision.Allowed)
        {
            _events.Record(new AdmissionEvent("ImageDenied", "Warning", StatusMessage(decision.Code, decision.Message), apiVersion, kind, request.Namespace ?? string.Empty, name, request.Uid!));
        }

        if (decision.BreakGlass is { } breakGlass)
        {
            var message = $"Break-glass annotation {breakGlass.Annotation} by {breakGlass.User ?? "unknown user"} {(breakGlass.Honoured ? "honoured" : "refused")}: {breakGlass.Reason}";
            _events.Record(new AdmissionEvent("BreakGlass", "Warning", message, apiVersion, kind, request.Namespace ?? string.Empty, name, request.Uid!));
        }
    }

    /// <summary>The decision as data (for metrics, audit and events) and the response to send.</summary>
    internal sealed record Outcome(AdmissionDecision Decision, AdmissionResponse Response);

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Admission + 1, Level = LogLevel.Information, Message = "Admission {Uid} {Decision} {Code}: {Audit}")]
        public static partial void Audit(ILogger logger, string uid, string decision, string code, string audit);

        [LoggerMessage(EventId = SignetEventId.Admission + 2, Level = LogLevel.Warning, Message = "Admission {Uid} of {Kind} denied: no decision within the {BudgetSeconds} s budget")]
        public static partial void DeadlineExceeded(ILogger logger, string uid, string kind, double budgetSeconds);

        [LoggerMessage(EventId = SignetEventId.Admission + 3, Level = LogLevel.Error, Message = "Admission {Uid} of {Kind} denied: the evaluator failed")]
        public static partial void EvaluationFailed(ILogger logger, string uid, string kind, Exception exception);

        [LoggerMessage(EventId = SignetEventId.Admission + 4, Level = LogLevel.Warning, Message = "Admission {Uid}: digest pinning refused: {Reason}")]
        public static partial void PinningRefused(ILogger logger, string uid, string reason);
    }
}
