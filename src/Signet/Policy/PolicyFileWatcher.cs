using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;
using Signet.Policy.Loading;

namespace Signet.Policy;

/// <summary>
/// Loads the policy file into the <see cref="PolicyStore"/> and reloads it when the file changes, without a restart.
/// An invalid new version is refused and reported; the previous valid policy stays in force.
/// </summary>
public sealed partial class PolicyFileWatcher : IDisposable
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(250);
    private readonly PolicyStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private FileSystemWatcher? _watcher;
    private ITimer? _pending;
    private string? _path;

    /// <summary>Creates the watcher.</summary>
    public PolicyFileWatcher(PolicyStore store, TimeProvider timeProvider, ILogger<PolicyFileWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The outcome of the last load attempt.</summary>
    public PolicyLoadResult? LastResult { get; private set; }

    /// <summary>Loads <paramref name="path"/> now and watches it for changes.</summary>
    public async Task<PolicyLoadResult> StartAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        var result = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        var directory = Path.GetDirectoryName(_path)!;
        _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            EnableRaisingEvents = true,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        return result;
    }

    /// <summary>Reloads the watched file now.</summary>
    public async Task<PolicyLoadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var path = _path ?? throw new InvalidOperationException("The watcher has not been started.");
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await _store.ReloadAsync(path, cancellationToken).ConfigureAwait(false);
            LastResult = result;
            if (!result.IsValid)
            {
                Log.ReloadFailed(_logger, path, result.Describe());
            }

            return result;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _pending?.Dispose();
        _reloadGate.Dispose();
    }

    private void Schedule()
    {
        // Editors write files in several steps; wait for the writes to settle, then reload once.
        _pending?.Dispose();
        _pending = _timeProvider.CreateTimer(_ => _ = ReloadInBackgroundAsync(), null, s_debounce, Timeout.InfiniteTimeSpan);
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Log.ReloadError(_logger, _path ?? "(none)", ex);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a reload was pending: nothing to do.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Policy + 80, Level = LogLevel.Error, Message = "The policy file {Path} was not reloaded; the previous policy stays in force: {Errors}")]
        public static partial void ReloadFailed(ILogger logger, string path, string errors);

        [LoggerMessage(EventId = SignetEventId.Policy + 81, Level = LogLevel.Error, Message = "The policy file {Path} could not be read; the previous policy stays in force")]
        public static partial void ReloadError(ILogger logger, string path, Exception exception);
    }
}
