using Microsoft.Extensions.Options;
using Signet.Policy;

namespace Signet.Webhook.Hosting;

/// <summary>
/// Loads the policy named by <see cref="SignetOptions.PolicyPath"/> when the host starts and keeps it reloaded on file
/// change. Until a valid policy is loaded the evaluator is not ready: <c>/readyz</c> answers 503 and every review is
/// denied (fail closed).
/// </summary>
internal sealed partial class PolicyWatcherService(PolicyFileWatcher watcher, IOptions<SignetOptions> options, ILogger<PolicyWatcherService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.PolicyPath is not { Length: > 0 } path)
        {
            Log.NoPolicyPath(logger);
            return;
        }

        var result = await watcher.StartAsync(path, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            Log.InvalidPolicy(logger, path, result.Describe());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = Core.Errors.SignetEventId.Admission + 95, Level = LogLevel.Error, Message = "No policy file is configured (Signet:PolicyPath); every review is denied until one is")]
        public static partial void NoPolicyPath(ILogger logger);

        [LoggerMessage(EventId = Core.Errors.SignetEventId.Admission + 96, Level = LogLevel.Error, Message = "The policy file {Path} is invalid; every review is denied until it is fixed: {Errors}")]
        public static partial void InvalidPolicy(ILogger logger, string path, string errors);
    }
}
