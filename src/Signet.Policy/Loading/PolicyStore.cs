using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;
using Signet.Policy.Model;

namespace Signet.Policy.Loading;

/// <summary>
/// Holds the policy in force. A reload that fails keeps the previous valid policy (and logs every error), so a typo
/// in a ConfigMap never opens or closes the cluster by accident.
/// </summary>
public sealed partial class PolicyStore
{
    private readonly ILogger _logger;
    private ImageVerificationPolicy? _current;

    /// <summary>Creates an empty store.</summary>
    public PolicyStore(ILogger<PolicyStore>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The policy in force, or null before the first successful load.</summary>
    public ImageVerificationPolicy? Current => Volatile.Read(ref _current);

    /// <summary>Loads <paramref name="path"/>; on success it replaces the current policy, on failure the current policy stays.</summary>
    public async Task<PolicyLoadResult> ReloadAsync(string path, CancellationToken cancellationToken = default)
    {
        var result = await PolicyLoader.LoadFileAsync(path, cancellationToken).ConfigureAwait(false);
        Apply(result);
        return result;
    }

    /// <summary>Applies a load result the caller obtained (e.g. after <see cref="PolicyKeyCheck"/>).</summary>
    public bool Apply(PolicyLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid)
        {
            var kept = Current;
            Log.ReloadRefused(_logger, result.Errors.Count, kept?.Name ?? "(none)", kept?.Generation ?? "(none)", result.Describe());
            return false;
        }

        var previous = Interlocked.Exchange(ref _current, result.Policy);
        if (previous?.Generation != result.Policy.Generation)
        {
            Log.Loaded(_logger, result.Policy.Name, result.Policy.Generation, result.Policy.Rules.Count);
        }

        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Policy + 1, Level = LogLevel.Information, Message = "Policy {Policy} loaded, generation {Generation}, {RuleCount} rules")]
        public static partial void Loaded(ILogger logger, string policy, string generation, int ruleCount);

        [LoggerMessage(EventId = SignetEventId.Policy + 2, Level = LogLevel.Error, Message = "Policy reload refused with {ErrorCount} errors; policy {Policy} generation {Generation} stays in force. Errors:\n{Errors}")]
        public static partial void ReloadRefused(ILogger logger, int errorCount, string policy, string generation, string errors);
    }
}
