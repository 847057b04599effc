using BenchmarkDotNet.Attributes;
using Signet.Core.Digests;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;
using Signet.Policy.Verdicts;
using Signet.Signatures;

namespace Signet.Benchmarks.Policy;

/// <summary>
/// Cache lookup cost (hit on a cache of 100,000 verdicts) against a plain dictionary lookup of the same key as the
/// baseline, and the memory 100,000 cached verdicts take (<see cref="Fill100k"/>'s allocations, and the retained
/// bytes printed by <see cref="Setup"/>).
/// </summary>
[MemoryDiagnoser]
public class VerificationCacheBenchmarks
{
    private const int Entries = 100_000;
    private const string Generation = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private VerificationCacheKey[] _keys = [];
    private VerificationCache _cache = null!;
    private Dictionary<VerificationCacheKey, TrustOutcome> _dictionary = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Entries).Select(i => new VerificationCacheKey(Digest.Compute(BitConverter.GetBytes(i)), Generation, "shop")).ToArray();
        _dictionary = _keys.ToDictionary(k => k, _ => Outcome());

        var before = GC.GetTotalMemory(forceFullCollection: true);
        _cache = Fill();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// Retained by {Entries:N0} cached verdicts (keys included): {(after - before) / 1024.0 / 1024.0:F1} MiB ({(after - before) / Entries} B each); cache estimate {_cache.ApproximateBytes / 1024.0 / 1024.0:F1} MiB");
    }

    [Benchmark(Baseline = true, Description = "Dictionary lookup (baseline)")]
    public bool DictionaryLookup() => _dictionary.TryGetValue(_keys[_next++ % Entries], out _);

    [Benchmark(Description = "VerificationCache hit, 100k entries")]
    public bool CacheHit() => _cache.TryGet(_keys[_next++ % Entries], out _);

    [Benchmark(Description = "Fill 100k verdicts", OperationsPerInvoke = 1)]
    public VerificationCache Fill100k()
    {
        using var cache = Fill();
        return cache;
    }

    private VerificationCache Fill()
    {
        var cache = new VerificationCache(new VerificationCacheOptions { MaxEntries = Entries, PositiveTtl = TimeSpan.FromDays(1) }, TimeProvider.System);
        foreach (var key in _keys)
        {
            // Each verdict is a distinct object, as after real verifications.
            cache.Store(key, Outcome());
        }

        return cache;
    }

    private static TrustOutcome Outcome() => new()
    {
        Satisfied = true,
        Code = SignatureVerificationResult.Verified,
        Message = "Verified: a valid vault-key signature by ocid1.key.oc1.phx.release (version v1).",
        Signatures =
        [
            new SignatureFinding
            {
                Format = SignatureFormat.Vault,
                Signer = new SignerIdentity { KeyId = "ocid1.key.oc1.phx.release", KeyVersion = "v1" },
                Algorithm = "SHA_256_RSA_PKCS_PSS",
                Accepted = true,
                Code = SignatureVerificationResult.Verified,
                Reason = "valid signature by trusted vault key ocid1.key.oc1.phx.release (version v1).",
            },
        ],
        VerifiedAt = DateTimeOffset.UnixEpoch,
    };
}
