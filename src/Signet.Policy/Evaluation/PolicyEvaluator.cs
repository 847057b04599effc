using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;
using Signet.Core.References;
using Signet.Policy.Caching;
using Signet.Policy.Model;
using Signet.Policy.Verdicts;
using Signet.Signatures;

namespace Signet.Policy.Evaluation;

/// <summary>
/// Decides whether the images of one admission request may run under a policy. Pure decision logic: the registry and
/// the signature checks come through <see cref="IImageSignatureSource"/>, repeated verifications through
/// <see cref="VerificationCache"/>.
/// </summary>
/// <remarks>
/// Order of checks per image (docs/policies.md, "How an image is decided"): policy disabled → allow; reference does
/// not parse → deny; exempt namespace or image → allow; break-glass granted → allow; no rule → <c>noMatch</c>; rule
/// trusts nothing → allow (OKE); tag without digest → deny unless <c>pinDigests</c>; Notary Project <c>skip</c> →
/// allow; otherwise resolve and verify (cached), with failures turned into deny/warn/allow by the rule's mode.
/// </remarks>
public sealed partial class PolicyEvaluator
{
    private readonly IImageSignatureSource _source;
    private readonly VerificationCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Keyed by the rule list, which `policy with { Generation = … }` copies share, so the index is built once per load.
    private readonly ConditionalWeakTable<IReadOnlyList<PolicyRule>, RuleMatcher> _matchers = [];

    /// <summary>Creates an evaluator.</summary>
    public PolicyEvaluator(IImageSignatureSource source, VerificationCache cache, TimeProvider timeProvider, ILogger<PolicyEvaluator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _source = source;
        _cache = cache;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Evaluates every image of the request; Deny if any image is denied, else Warn if any warns, else Allow.</summary>
    public async Task<PolicyDecision> EvaluateAsync(ImageVerificationPolicy policy, PolicyEvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var breakGlass = policy.Enabled ? EvaluateBreakGlass(policy, request) : null;
        var verdicts = new ImageVerdict[request.Images.Count];
        for (var i = 0; i < verdicts.Length; i++)
        {
            verdicts[i] = await EvaluateImageAsync(policy, request, request.Images[i], breakGlass, cancellationToken).ConfigureAwait(false);
        }

        var decision = verdicts.Any(v => v.Decision == Decision.Deny) ? Decision.Deny
            : verdicts.Any(v => v.Decision == Decision.Warn) ? Decision.Warn
            : Decision.Allow;
        if (breakGlass is not null)
        {
            Log.BreakGlass(_logger, breakGlass.Granted, breakGlass.Code, breakGlass.User, request.Namespace, policy.Name);
        }

        return new PolicyDecision
        {
            Decision = decision,
            Policy = policy.Name,
            Generation = policy.Generation,
            Images = verdicts,
            BreakGlass = breakGlass,
            Namespace = request.Namespace,
            Operation = request.Operation,
            DryRun = request.DryRun,
        };
    }

    private async Task<ImageVerdict> EvaluateImageAsync(ImageVerificationPolicy policy, PolicyEvaluationRequest request, string image, BreakGlassRecord? breakGlass, CancellationToken cancellationToken)
    {
        if (!policy.Enabled)
        {
            return new ImageVerdict { Image = image, Decision = Decision.Allow, Code = SignetErrorCode.PolicyDisabled, Message = $"Policy '{policy.Name}' is disabled; images are not verified." };
        }

        if (!ImageReference.TryParse(image, out var reference, out var parseError))
        {
            return new ImageVerdict
            {
                Image = image,
                Decision = Decision.Deny,
                Code = SignetErrorCode.InvalidReference,
                Message = parseError,
                Hint = PolicyHints.For(SignetErrorCode.InvalidReference, null, null),
            };
        }

        var canonical = reference.Canonical;
        if (IsExempt(policy.Exemptions, reference.Name, request.Namespace, out var exemption))
        {
            return new ImageVerdict { Image = image, Reference = canonical, Digest = reference.Digest, Decision = Decision.Allow, Code = SignetErrorCode.ImageExempt, Message = exemption };
        }

        if (breakGlass is { Granted: true })
        {
            return new ImageVerdict
            {
                Image = image,
                Reference = canonical,
                Digest = reference.Digest,
                Decision = Decision.Allow,
                Code = SignetErrorCode.BreakGlassUsed,
                Message = $"Break-glass by {breakGlass.User} ({breakGlass.Annotation}); verification skipped and recorded.",
            };
        }

        var matcher = _matchers.GetValue(policy.Rules, rules => new RuleMatcher(rules));
        var rule = matcher.Match(reference.Name, reference.Registry, request.Namespace, request.NamespaceLabels);
        if (rule is null)
        {
            var decision = policy.NoMatch switch
            {
                NoMatchAction.Allow => Decision.Allow,
                NoMatchAction.Warn => Decision.Warn,
                _ => Decision.Deny,
            };
            var message = $"No rule of policy '{policy.Name}' covers {reference.Name} in namespace '{request.Namespace}'; noMatch is {policy.NoMatch.ToString().ToLowerInvariant()}.";
            return new ImageVerdict
            {
                Image = image,
                Reference = canonical,
                Digest = reference.Digest,
                Decision = decision,
                Code = SignetErrorCode.NoPolicyMatch,
                Message = message,
                Hint = decision == Decision.Allow ? null : PolicyHints.For(SignetErrorCode.NoPolicyMatch, canonical, null),
                Warnings = decision == Decision.Warn ? [message] : [],
            };
        }

        var verdict = new ImageVerdict
        {
            Image = image,
            Reference = canonical,
            Digest = reference.Digest,
            Decision = Decision.Allow,
            Code = SignatureVerificationResult.Verified,
            Message = string.Empty,
            Rule = rule.Name,
            Mode = rule.Mode,
            TrustedKeys = rule.Trust.Summary,
        };

        if (rule.Trust.IsEmpty)
        {
            return verdict with { Code = SignetErrorCode.NoTrustConfigured, Message = $"Rule '{rule.Name}' trusts no key, so images are admitted signed or unsigned." };
        }

        if (!reference.HasDigest && policy.RequireDigest && !policy.PinDigests)
        {
            return Fail(verdict, SignetErrorCode.TagNotPinned, $"{canonical} is referenced by tag only; policy '{policy.Name}' requires a digest so that what runs is what was verified.", rule);
        }

        if (rule.Trust.Notation is { } notation && notation.SelectStatement(reference.Name) is { Level: "skip" } skipped)
        {
            return verdict with { Code = SignetErrorCode.VerificationSkipped, Message = $"The Notary Project trust policy statement '{skipped.Name}' of rule '{rule.Name}' has level skip." };
        }

        // Resolve: a tag needs the registry to learn the digest; a digest is resolved inside the cached verification.
        ResolvedImage? resolved = null;
        if (!reference.HasDigest)
        {
            try
            {
                resolved = await _source.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            }
            catch (ImageSourceException ex)
            {
                return SourceFailure(verdict, policy, rule, null, ex);
            }

            verdict = verdict with
            {
                Digest = resolved.Digest,
                PinnedReference = policy.PinDigests ? reference.WithDigest(resolved.Digest).Canonical : null,
            };
        }

        var digest = verdict.Digest!.Value;
        var key = new VerificationCacheKey(digest, policy.Generation, rule.Name);
        TrustOutcome outcome;
        bool fromCache;
        try
        {
            (outcome, fromCache) = await _cache.GetOrVerifyAsync(
                key,
                ct => VerifyAsync(policy, rule, reference, resolved, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ImageSourceException ex)
        {
            return SourceFailure(verdict, policy, rule, key, ex);
        }

        verdict = verdict with { Signatures = outcome.Signatures, FromCache = fromCache, Warnings = outcome.Warnings };
        if (outcome.Satisfied)
        {
            Log.Verified(_logger, canonical, digest, rule.Name, policy.Name, fromCache);
            return verdict with { Code = outcome.Code, Message = outcome.Message };
        }

        return Fail(verdict, outcome.Code, outcome.Message, rule);
    }

    private async Task<TrustOutcome> VerifyAsync(ImageVerificationPolicy policy, PolicyRule rule, ImageReference reference, ResolvedImage? resolved, CancellationToken cancellationToken)
    {
        resolved ??= await _source.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (rule.Trust.Notation is { } notation && notation.SelectStatement(reference.Name) is null
            && rule.Trust.VaultKeys.Count == 0 && rule.Trust.Cosign is null)
        {
            return new TrustOutcome
            {
                Satisfied = false,
                Code = SignetErrorCode.TrustPolicyNotApplicable,
                Message = $"No statement of rule '{rule.Name}''s Notary Project trust policy covers {reference.Name}.",
                Subject = resolved.Digest,
                VerifiedAt = now,
            };
        }

        var query = new SignatureQuery { Image = resolved, Subject = resolved.Digest, Rule = rule, Generation = policy.Generation };
        var results = await _source.VerifySignaturesAsync(query, cancellationToken).ConfigureAwait(false);
        var outcome = TrustEvaluator.Evaluate(rule, resolved.Digest, results, now);
        if (outcome.Satisfied || !rule.InheritIndexSignatures || resolved.IndexDigest is not { } index)
        {
            return outcome;
        }

        // A platform manifest reached through a signed index inherits the index's signatures.
        var indexResults = await _source.VerifySignaturesAsync(query with { Subject = index }, cancellationToken).ConfigureAwait(false);
        var inherited = TrustEvaluator.Evaluate(rule, index, indexResults, now);
        return inherited.Satisfied
            ? inherited with
            {
                Message = $"{inherited.Message.TrimEnd('.')} on its index {index}.",
                Signatures = [.. outcome.Signatures, .. inherited.Signatures],
            }
            : outcome with { Signatures = [.. outcome.Signatures, .. inherited.Signatures] };
    }

    private ImageVerdict SourceFailure(ImageVerdict verdict, ImageVerificationPolicy policy, PolicyRule rule, VerificationCacheKey? key, ImageSourceException ex)
    {
        Log.SourceFailed(_logger, ex.Code, verdict.Reference ?? verdict.Image, policy.Name, ex);
        if (ex.IsUnreachable && key is { } k && policy.LastKnownGood is { } lkg
            && _cache.LastVerifiedWithin(k, lkg.Window) is { } verifiedAt)
        {
            return verdict with
            {
                Code = SignetErrorCode.LastKnownGood,
                Message = $"The registry is unreachable ({ex.Message.TrimEnd('.')}); admitted because policy generation {Short(policy.Generation)} verified {k.Digest} at {verifiedAt:O}, within the last-known-good window of {lkg.Window}.",
                Warnings = [$"registry unreachable; {verdict.Reference} admitted as last known good"],
            };
        }

        return Fail(verdict, ex.Code, ex.Message, rule);
    }

    private static ImageVerdict Fail(ImageVerdict verdict, string code, string message, PolicyRule rule)
    {
        var hint = PolicyHints.For(code, verdict.Reference, rule.Name);
        return rule.Mode switch
        {
            RuleMode.Warn => verdict with
            {
                Decision = Decision.Warn,
                Code = code,
                Message = message,
                Hint = hint,
                Warnings = [.. verdict.Warnings, $"{code}: {verdict.Reference} (rule '{rule.Name}' is in warn mode)"],
            },
            RuleMode.Audit => verdict with { Decision = Decision.Allow, Code = code, Message = $"{message} Admitted: rule '{rule.Name}' is in audit mode.", Hint = hint },
            _ => verdict with { Decision = Decision.Deny, Code = code, Message = message, Hint = hint },
        };
    }

    private static bool IsExempt(PolicyExemptions exemptions, string name, string @namespace, out string message)
    {
        foreach (var pattern in exemptions.Namespaces)
        {
            if (System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, @namespace, ignoreCase: false))
            {
                message = $"Namespace '{@namespace}' is exempt (exemptions.namespaces '{pattern}').";
                return true;
            }
        }

        foreach (var scope in exemptions.Images)
        {
            if (scope.IsMatch(name))
            {
                message = $"{name} is exempt (exemptions.images '{scope.Pattern}').";
                return true;
            }
        }

        message = string.Empty;
        return false;
    }

    private BreakGlassRecord? EvaluateBreakGlass(ImageVerificationPolicy policy, PolicyEvaluationRequest request)
    {
        string? annotation = null;
        foreach (var name in BreakGlassSettings.Annotations)
        {
            if (request.Annotations.TryGetValue(name, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                annotation = name;
                break;
            }
        }

        if (annotation is null)
        {
            return null;
        }

        var settings = policy.BreakGlass;
        var now = _time.GetUtcNow();
        string code;
        string message;
        if (!settings.IsEnabled)
        {
            code = SignetErrorCode.BreakGlassNotAllowed;
            message = $"Policy '{policy.Name}' allows no one to break glass (spec.breakGlass lists no users or groups); the images were verified as usual.";
        }
        else if (settings.Expires is { } expires && now >= expires)
        {
            code = SignetErrorCode.BreakGlassExpired;
            message = $"Break-glass in policy '{policy.Name}' expired at {expires:O}; the images were verified as usual.";
        }
        else if (settings.AllowedUsers.Contains(request.User, StringComparer.Ordinal)
            || request.Groups.Any(g => settings.AllowedGroups.Contains(g, StringComparer.Ordinal)))
        {
            code = SignetErrorCode.BreakGlassUsed;
            message = $"Break-glass granted to {request.User} in namespace '{request.Namespace}' by {annotation}; verification skipped.";
        }
        else
        {
            code = SignetErrorCode.BreakGlassNotAllowed;
            message = $"User {request.User} (groups: {string.Join(", ", request.Groups)}) is not allowed to break glass by policy '{policy.Name}'; the images were verified as usual.";
        }

        return new BreakGlassRecord
        {
            Annotation = annotation,
            Granted = code == SignetErrorCode.BreakGlassUsed,
            Code = code,
            Message = message,
            User = request.User,
            Groups = request.Groups,
            Namespace = request.Namespace,
            At = now,
            Expires = settings.Expires,
            DryRun = request.DryRun,
        };
    }

    private static string Short(string generation) => generation.Length > 19 ? generation[..19] : generation;

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Policy + 10, Level = LogLevel.Debug, Message = "Verified {Image} ({Digest}) by rule {Rule} of policy {Policy}; from cache: {FromCache}")]
        public static partial void Verified(ILogger logger, string image, Core.Digests.Digest digest, string rule, string policy, bool fromCache);

        [LoggerMessage(EventId = SignetEventId.Policy + 11, Level = LogLevel.Warning, Message = "Registry failure {Code} for {Image} under policy {Policy}")]
        public static partial void SourceFailed(ILogger logger, string code, string image, string policy, Exception exception);

        [LoggerMessage(EventId = SignetEventId.Policy + 12, Level = LogLevel.Warning, Message = "Break-glass requested: granted {Granted} ({Code}) for user {User} in namespace {Namespace} under policy {Policy}")]
        public static partial void BreakGlass(ILogger logger, bool granted, string code, string user, string @namespace, string policy);
    }
}
