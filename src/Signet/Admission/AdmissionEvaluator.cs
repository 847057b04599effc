using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;
using Signet.Policy.Evaluation;
using Signet.Policy.Loading;
using Signet.Policy.Verdicts;

namespace Signet.Admission;

/// <summary>
/// Decides admission for a workload under the policy in force: the one implementation of
/// <see cref="IAdmissionEvaluator"/>, shared by the webhook and <c>signet policy check</c> so they always agree.
/// </summary>
/// <remarks>
/// Fail closed: no policy loaded, an evaluator failure or a cancelled evaluation all produce a denial, never an allow.
/// </remarks>
public sealed partial class AdmissionEvaluator : IAdmissionEvaluator
{
    private const int MaxWarningLength = 120;
    private readonly PolicyStore _policies;
    private readonly PolicyEvaluator _evaluator;
    private readonly Policy.KeyStateFingerprint _keyState;
    private readonly ILogger _logger;
    private readonly INamespaceLabelSource? _namespaceLabels;

    /// <summary>Creates the evaluator; <paramref name="namespaceLabels"/> supplies labels for label-selected rules.</summary>
    public AdmissionEvaluator(PolicyStore policies, PolicyEvaluator evaluator, Policy.KeyStateFingerprint keyState, ILogger<AdmissionEvaluator>? logger = null, INamespaceLabelSource? namespaceLabels = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(keyState);
        _policies = policies;
        _evaluator = evaluator;
        _keyState = keyState;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _namespaceLabels = namespaceLabels;
    }

    /// <inheritdoc />
    public bool IsReady => _policies.Current is not null;

    /// <inheritdoc />
    public async Task<AdmissionDecision> EvaluateAsync(AdmissionRequestInfo request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await EvaluatePolicyAsync(
            new PolicyEvaluationRequest
            {
                Images = [.. request.Images.Select(i => i.Image)],
                Namespace = request.Namespace,
                NamespaceLabels = await NamespaceLabelsAsync(request.Namespace, request.NamespaceLabels, cancellationToken).ConfigureAwait(false),
                User = request.UserName ?? string.Empty,
                Groups = request.UserGroups,
                Annotations = request.Annotations,
                Operation = request.Operation,
                DryRun = request.DryRun,
            },
            cancellationToken).ConfigureAwait(false);
        return decision is null ? NoPolicy(request.Images) : ToAdmissionDecision(decision, request.Images);
    }

    // Looked up only when a rule selects namespaces by label: a policy without such rules never calls the API server.
    // Without a source (outside a cluster, the CLI) the namespace has the labels the request gives, or none.
    private async ValueTask<IReadOnlyDictionary<string, string>> NamespaceLabelsAsync(string @namespace, IReadOnlyDictionary<string, string>? given, CancellationToken cancellationToken)
    {
        if (given is not null)
        {
            return given;
        }

        return _namespaceLabels is not null && @namespace.Length > 0 && _policies.Current is { UsesNamespaceLabels: true }
            ? await _namespaceLabels.GetLabelsAsync(@namespace, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, string>();
    }

    /// <inheritdoc />
    public async Task<ImageDecision> EvaluateImageAsync(string image, string? @namespace, IReadOnlyDictionary<string, string>? namespaceLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var container = new ContainerImage(image, string.Empty, string.Empty, "image");
        @namespace ??= "default";
        var decision = await EvaluatePolicyAsync(
            new PolicyEvaluationRequest
            {
                Images = [image],
                Namespace = @namespace,
                NamespaceLabels = await NamespaceLabelsAsync(@namespace, namespaceLabels, cancellationToken).ConfigureAwait(false),
            },
            cancellationToken).ConfigureAwait(false);
        return decision is null ? NoPolicy([container]).Images[0] : ToAdmissionDecision(decision, [container]).Images[0];
    }

    /// <summary>Evaluates under the current policy and returns the full verdict (null when no valid policy is loaded).</summary>
    public async Task<PolicyDecision?> EvaluatePolicyAsync(PolicyEvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = _policies.Current;
        if (policy is null)
        {
            Log.NoPolicy(_logger);
            return null;
        }

        // Key version state is part of the generation: disabling a version invalidates cached verdicts at once.
        policy = await _keyState.ApplyAsync(policy, cancellationToken).ConfigureAwait(false);
        return await _evaluator.EvaluateAsync(policy, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps a policy verdict to the webhook's decision: allowed unless an image is denied, warnings for warn mode.</summary>
    public static AdmissionDecision ToAdmissionDecision(PolicyDecision decision, IReadOnlyList<ContainerImage> containers)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(containers);
        var images = new List<ImageDecision>(containers.Count);
        for (var i = 0; i < containers.Count; i++)
        {
            var verdict = i < decision.Images.Count && decision.Images.Count == containers.Count
                ? decision.Images[i]
                : decision.Images.FirstOrDefault(v => v.Image == containers[i].Image);
            images.Add(verdict is null
                ? new ImageDecision { Container = containers[i], Allowed = false, Code = SignetErrorCode.PolicyInvalid, Message = "The policy returned no verdict for this image; denied." }
                : new ImageDecision
                {
                    Container = containers[i],
                    Allowed = verdict.Decision != Decision.Deny,
                    Code = verdict.Code,
                    Message = verdict.Hint is null ? verdict.Message : $"{verdict.Message.TrimEnd('.')}. Fix: {verdict.Hint}",
                    PinnedReference = verdict.Decision == Decision.Deny ? null : verdict.PinnedReference,
                    Mode = verdict.Mode?.ToString().ToLowerInvariant(),
                    Details = verdict,
                });
        }

        var allowed = decision.Decision != Decision.Deny && images.TrueForAll(i => i.Allowed);
        var decisive = images.FirstOrDefault(i => !i.Allowed) ?? images.FirstOrDefault(i => i.Code != Signatures.SignatureVerificationResult.Verified) ?? images.FirstOrDefault();
        // The code leads each warning and long references are cut in the middle: kubectl shows at most 120 characters,
        // and an image by digest alone fills most of them (found behind a real API server: the code was cut off).
        var warnings = decision.Images
            .Where(v => v.Decision == Decision.Warn && !v.Warnings.Any(w => w.StartsWith(v.Code, StringComparison.Ordinal)))
            .Select(v => Shorten($"{v.Code}: {v.Reference ?? v.Image}"))
            .Concat(decision.Images.SelectMany(v => v.Warnings).Select(Shorten))
            .Distinct(StringComparer.Ordinal)
            .Take(20)
            .ToList();
        return new AdmissionDecision
        {
            Allowed = allowed,
            Code = allowed && decisive is null ? Signatures.SignatureVerificationResult.Verified : decisive?.Code ?? SignetErrorCode.PolicyInvalid,
            Message = decision.ToShortMessage(),
            Warnings = warnings,
            Images = images,
            Mode = decisive?.Mode ?? "enforce",
            BreakGlass = decision.BreakGlass is { } record
                ? new BreakGlassUse(record.User, record.Annotation, $"{record.Code}: {record.Message}", record.Granted)
                : null,
        };
    }

    private static AdmissionDecision NoPolicy(IReadOnlyList<ContainerImage> containers)
    {
        const string Message = "signet: denied: no valid image verification policy is loaded. Fix: check the policy file and the webhook's log (signet policy validate <file>).";
        return new AdmissionDecision
        {
            Allowed = false,
            Code = SignetErrorCode.PolicyInvalid,
            Message = Message,
            Images = [.. containers.Select(c => new ImageDecision { Container = c, Allowed = false, Code = SignetErrorCode.PolicyInvalid, Message = Message })],
        };
    }

    /// <summary>
    /// <paramref name="text"/> within the API server's 120-character warning length, cut in the middle so that both the
    /// leading code and the end (digest, rule) survive.
    /// </summary>
    internal static string Shorten(string text)
    {
        if (text.Length <= MaxWarningLength)
        {
            return text;
        }

        const string Ellipsis = "...";
        var head = (MaxWarningLength - Ellipsis.Length) / 2;
        var tail = MaxWarningLength - Ellipsis.Length - head;
        return string.Concat(text.AsSpan(0, head), Ellipsis, text.AsSpan(text.Length - tail));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Admission + 90, Level = LogLevel.Warning, Message = "No valid policy is loaded; denying")]
        public static partial void NoPolicy(ILogger logger);
    }
}
