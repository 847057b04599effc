using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;

namespace Signet.UnitTests.Policy;

public sealed class VerificationCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _measurements = [];
    private VerificationCache? _listened;

    public VerificationCacheTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == VerificationCache.MeterName)
            {
                listener.EnableMeasurementEvents(instrument, instrument.Meter);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, state) =>
        {
            // Only count this test's cache: every cache owns its own Meter instance.
            if (_listened is not null && ReferenceEquals(state, _meterOfListened))
            {
                lock (_measurements)
                {
                    _measurements[instrument.Name] = _measurements.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
    }

    private Meter? _meterOfListened;

    public void Dispose()
    {
        _listener.Dispose();
        _listened?.Dispose();
    }

    private VerificationCache Create(VerificationCacheOptions? options = null)
    {
        var factory = new SingleMeterFactory();
        var cache = new VerificationCache(options ?? new VerificationCacheOptions(), _time, factory);
        _listened = cache;
        _meterOfListened = factory.Meter;
        _listener.Start();
        return cache;
    }

    private static VerificationCacheKey Key(int i, string generation = "sha256:g1") =>
        new(FakeImageSignatureSource.DigestOf("image" + i), generation, "rule");

    private TrustOutcome Outcome(bool satisfied) => new()
    {
        Satisfied = satisfied,
        Code = satisfied ? "VERIFIED" : "SIGNATURE_NOT_FOUND",
        Message = "m",
        VerifiedAt = _time.GetUtcNow(),
    };

    private long Measured(string name)
    {
        lock (_measurements)
        {
            return _measurements.GetValueOrDefault(name);
        }
    }

    [Theory]
    [InlineData(true, 10 * 60)]
    [InlineData(false, 30)]
    public void Store_Outcome_ExpiresAfterItsTtl(bool satisfied, int ttlSeconds)
    {
        using var cache = Create();
        cache.Store(Key(1), Outcome(satisfied));

        _time.Advance(TimeSpan.FromSeconds(ttlSeconds - 1));
        Assert.True(cache.TryGet(Key(1), out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(Key(1), out _));
        Assert.Equal(1, Measured("signet.cache.hits"));
        Assert.Equal(1, Measured("signet.cache.misses"));
        Assert.Equal(1, Measured("signet.cache.evictions"));
    }

    [Fact]
    public void TryGet_OtherGeneration_Misses()
    {
        using var cache = Create();
        cache.Store(Key(1, "sha256:g1"), Outcome(true));

        Assert.False(cache.TryGet(Key(1, "sha256:g2"), out _));
        Assert.True(cache.TryGet(Key(1, "sha256:g1"), out _));
    }

    [Fact]
    public void Store_BeyondMaxEntries_EvictsLeastRecentlyUsed()
    {
        using var cache = Create(new VerificationCacheOptions { MaxEntries = 3 });
        for (var i = 0; i < 3; i++)
        {
            cache.Store(Key(i), Outcome(true));
        }

        Assert.True(cache.TryGet(Key(0), out _)); // 0 is now the most recently used
        cache.Store(Key(3), Outcome(true));

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(Key(1), out _));
        Assert.True(cache.TryGet(Key(0), out _));
        Assert.Equal(1, Measured("signet.cache.evictions"));
    }

    [Fact]
    public void Store_BeyondMaxBytes_EvictsUntilUnderBound()
    {
        using var cache = Create(new VerificationCacheOptions { MaxBytes = 2048 });
        for (var i = 0; i < 100; i++)
        {
            cache.Store(Key(i), Outcome(true));
        }

        Assert.InRange(cache.ApproximateBytes, 1, 2048);
        Assert.InRange(cache.Count, 1, 20);
        Assert.True(cache.TryGet(Key(99), out _));
    }

    [Fact]
    public async Task GetOrVerify_ConcurrentCallers_ShareOneVerification()
    {
        using var cache = Create();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        async Task<TrustOutcome> Verify(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            return Outcome(true);
        }

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => cache.GetOrVerifyAsync(Key(1), Verify))).ToArray();
        await WaitUntilAsync(() => Measured("signet.cache.coalesced") == 19);
        gate.SetResult();
        var results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.True(r.Outcome.Satisfied));
        Assert.Equal(1, Measured("signet.cache.misses"));
        Assert.True((await cache.GetOrVerifyAsync(Key(1), Verify)).FromCache);
    }

    [Fact]
    public async Task GetOrVerify_VerificationThrows_NothingCachedAndWaitersSeeTheError()
    {
        using var cache = Create();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<TrustOutcome> Fail(CancellationToken ct)
        {
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            throw new ImageSourceException("registry.example.com unreachable.");
        }

        var first = cache.GetOrVerifyAsync(Key(1), Fail);
        var second = cache.GetOrVerifyAsync(Key(1), Fail);
        gate.SetResult();

        await Assert.ThrowsAsync<ImageSourceException>(() => first);
        await Assert.ThrowsAsync<ImageSourceException>(() => second);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task GetOrVerify_LeaderCancelled_WaiterRunsItsOwnVerification()
    {
        using var cache = Create();
        using var leaderCancel = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<TrustOutcome> Slow(CancellationToken ct)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return Outcome(true);
        }

        var leader = cache.GetOrVerifyAsync(Key(1), Slow, leaderCancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiter = cache.GetOrVerifyAsync(Key(1), _ => Task.FromResult(Outcome(true)));
        await WaitUntilAsync(() => Measured("signet.cache.coalesced") == 1);
        await leaderCancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        Assert.True((await waiter.WaitAsync(TimeSpan.FromSeconds(10))).Outcome.Satisfied);
    }

    [Fact]
    public void LastVerifiedWithin_SurvivesTtlButNotWindow()
    {
        using var cache = Create();
        cache.Store(Key(1), Outcome(true));
        cache.Store(Key(2), Outcome(false));

        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.False(cache.TryGet(Key(1), out _));
        Assert.NotNull(cache.LastVerifiedWithin(Key(1), TimeSpan.FromHours(1)));
        Assert.Null(cache.LastVerifiedWithin(Key(2), TimeSpan.FromHours(1)));

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(cache.LastVerifiedWithin(Key(1), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new VerificationCache(new VerificationCacheOptions { MaxEntries = 0, PositiveTtl = TimeSpan.Zero }, _time));

        Assert.Contains("MaxEntries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PositiveTtl", ex.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(5);
        }
    }

    private sealed class SingleMeterFactory : IMeterFactory
    {
        public Meter? Meter { get; private set; }

        public Meter Create(MeterOptions options)
        {
            Meter = new Meter(options.Name, options.Version, options.Tags, this);
            return Meter;
        }

        public void Dispose() => Meter?.Dispose();
    }
}
