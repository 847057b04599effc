using Signet.Core.Digests;

namespace Signet.Policy.Caching;

/// <summary>
/// What a cached verification is valid for: the canonical digest, the policy generation (so a policy or key change
/// misses), and the rule (two rules of one generation may trust different keys for the same digest).
/// </summary>
/// <param name="Digest">The image digest.</param>
/// <param name="Generation">The policy generation.</param>
/// <param name="Rule">The rule name.</param>
public readonly record struct VerificationCacheKey(Digest Digest, string Generation, string Rule)
{
    /// <summary>An estimate of the key's memory (strings are shared with the policy, the digest's hex is not).</summary>
    internal long EstimateBytes() => 64 + (2 * Digest.Hex.Length) + 24;
}
