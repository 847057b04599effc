using System.Diagnostics.Metrics;
using Signet.Policy.Evaluation;

namespace Signet.Policy.Caching;

/// <summary>
/// Caches trust outcomes by digest + policy generation + rule, with a positive and a negative TTL, bounded by entries
/// and approximate bytes (least recently used evicted first). Concurrent requests for one key share one
/// verification (single-flight). Also keeps the last-known-good log: when each key was last verified successfully.
/// </summary>
/// <remarks>
/// A hand-written LRU rather than <c>Microsoft.Extensions.Caching.Memory</c>: MemoryCache reads time from the
/// obsolete <c>ISystemClock</c> rather than <see cref="TimeProvider"/>, compacts asynchronously (so the bound is not a
/// bound at the moment of insertion), and has no single-flight. See docs/design/policy-evaluation.md.
/// </remarks>
public sealed class VerificationCache : IDisposable
{
    /// <summary>The meter name shared by every Signet instrument.</summary>
    public const string MeterName = Core.Errors.SignetMeter.Name;

    private readonly Lock _lock = new();
    private readonly LruMap<VerificationCacheKey, TrustOutcome> _entries;
    private readonly LruMap<VerificationCacheKey, DateTimeOffset> _lastKnownGood;
    private readonly Dictionary<VerificationCacheKey, Task<TrustOutcome>> _inFlight = [];
    private readonly VerificationCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _coalesced;

    /// <summary>Creates a cache; instruments go to <paramref name="meterFactory"/>'s "Signet" meter (a private meter when null).</summary>
    public VerificationCache(VerificationCacheOptions options, TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _time = timeProvider;
        _entries = new LruMap<VerificationCacheKey, TrustOutcome>(options.MaxEntries, options.MaxBytes);
        _lastKnownGood = new LruMap<VerificationCacheKey, DateTimeOffset>(Math.Max(1, options.MaxLastKnownGoodEntries), long.MaxValue);
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _hits = _meter.CreateCounter<long>("signet.cache.hits", "{lookup}", "Verification cache lookups answered from the cache.");
        _misses = _meter.CreateCounter<long>("signet.cache.misses", "{lookup}", "Verification cache lookups that ran a verification.");
        _evictions = _meter.CreateCounter<long>("signet.cache.evictions", "{entry}", "Entries removed for capacity or expiry (tag signet.cache.reason).");
        _coalesced = _meter.CreateCounter<long>("signet.cache.coalesced", "{lookup}", "Lookups that joined a verification already running for the same key.");
        _meter.CreateObservableGauge("signet.cache.entries", () => (long)Count, "{entry}", "Verdicts in the verification cache.");
        _meter.CreateObservableGauge("signet.cache.size", () => ApproximateBytes, "By", "Approximate memory held by cached verdicts.");
    }

    /// <summary>The number of cached outcomes.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Approximate bytes held by cached outcomes.</summary>
    public long ApproximateBytes
    {
        get
        {
            lock (_lock)
            {
                return _entries.Bytes;
            }
        }
    }

    /// <summary>The cached outcome for <paramref name="key"/> if present and fresh.</summary>
    public bool TryGet(VerificationCacheKey key, out TrustOutcome? outcome)
    {
        lock (_lock)
        {
            outcome = Lookup(key);
        }

        (outcome is null ? _misses : _hits).Add(1);
        return outcome is not null;
    }

    /// <summary>
    /// Returns the cached outcome for <paramref name="key"/>, or runs <paramref name="verify"/> once for all concurrent
    /// callers and caches its result. Exceptions from <paramref name="verify"/> are not cached and reach every waiter.
    /// </summary>
    public async Task<(TrustOutcome Outcome, bool FromCache)> GetOrVerifyAsync(
        VerificationCacheKey key,
        Func<CancellationToken, Task<TrustOutcome>> verify,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verify);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task<TrustOutcome>? running;
            TaskCompletionSource<TrustOutcome>? leader = null;
            lock (_lock)
            {
                if (Lookup(key) is { } cached)
                {
                    _hits.Add(1);
                    return (cached, true);
                }

                if (!_inFlight.TryGetValue(key, out running))
                {
                    leader = new TaskCompletionSource<TrustOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _inFlight[key] = leader.Task;
                }
            }

            if (leader is null)
            {
                _coalesced.Add(1);
                try
                {
                    return (await running!.WaitAsync(cancellationToken).ConfigureAwait(false), false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The leader's caller gave up; this caller still wants an answer, so it runs the verification.
                    continue;
                }
            }

            _misses.Add(1);
            try
            {
                var outcome = await verify(cancellationToken).ConfigureAwait(false);
                Store(key, outcome);
                leader.SetResult(outcome);
                return (outcome, false);
            }
            catch (OperationCanceledException)
            {
                leader.SetCanceled(CancellationToken.None);
                throw;
            }
            catch (Exception ex)
            {
                leader.SetException(ex);
                throw;
            }
            finally
            {
                lock (_lock)
                {
                    _inFlight.Remove(key);
                }
            }
        }
    }

    /// <summary>Stores an outcome (positive or negative TTL by <see cref="TrustOutcome.Satisfied"/>).</summary>
    public void Store(VerificationCacheKey key, TrustOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _time.GetUtcNow();
        var ttl = outcome.Satisfied ? _options.PositiveTtl : _options.NegativeTtl;
        int evicted;
        lock (_lock)
        {
            evicted = ttl <= TimeSpan.Zero ? 0 : _entries.Set(key, outcome, now + ttl, key.EstimateBytes() + outcome.EstimateBytes());
            if (outcome.Satisfied && _options.MaxLastKnownGoodEntries > 0)
            {
                _lastKnownGood.Set(key, outcome.VerifiedAt, DateTimeOffset.MaxValue, 0);
            }
        }

        if (evicted > 0)
        {
            _evictions.Add(evicted, new KeyValuePair<string, object?>("signet.cache.reason", "capacity"));
        }
    }

    /// <summary>When <paramref name="key"/> was last verified successfully, if within <paramref name="window"/> of now.</summary>
    public DateTimeOffset? LastVerifiedWithin(VerificationCacheKey key, TimeSpan window)
    {
        lock (_lock)
        {
            if (_lastKnownGood.TryGet(key, out var entry) && _time.GetUtcNow() - entry.Value <= window)
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Drops every cached outcome and last-known-good record.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _lastKnownGood.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private TrustOutcome? Lookup(VerificationCacheKey key)
    {
        if (!_entries.TryGet(key, out var entry))
        {
            return null;
        }

        if (entry.Expires <= _time.GetUtcNow())
        {
            _entries.Remove(key);
            _evictions.Add(1, new KeyValuePair<string, object?>("signet.cache.reason", "expired"));
            return null;
        }

        return entry.Value;
    }
}
