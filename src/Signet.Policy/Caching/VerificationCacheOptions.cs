namespace Signet.Policy.Caching;

/// <summary>Bounds and lifetimes of the verification cache (configuration section <c>Signet:Cache</c>).</summary>
public sealed class VerificationCacheOptions
{
    /// <summary>How long a satisfied verification is reused. Default 10 minutes.</summary>
    public TimeSpan PositiveTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a failed verification is reused (short: a signature may be pushed right after). Default 30 seconds.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most cached verdicts; the least recently used is evicted beyond it. Default 100,000.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>Approximate memory bound in bytes; the least recently used are evicted beyond it. Default 256 MiB.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most last-known-good records (digest + generation + rule → time verified). Default 100,000.</summary>
    public int MaxLastKnownGoodEntries { get; set; } = 100_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every bad value.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (PositiveTtl <= TimeSpan.Zero)
        {
            errors.Add($"PositiveTtl must be positive (was {PositiveTtl}).");
        }

        if (NegativeTtl < TimeSpan.Zero)
        {
            errors.Add($"NegativeTtl must not be negative (was {NegativeTtl}).");
        }

        if (MaxEntries < 1)
        {
            errors.Add($"MaxEntries must be at least 1 (was {MaxEntries}).");
        }

        if (MaxBytes < 1024)
        {
            errors.Add($"MaxBytes must be at least 1024 (was {MaxBytes}).");
        }

        if (MaxLastKnownGoodEntries < 0)
        {
            errors.Add($"MaxLastKnownGoodEntries must not be negative (was {MaxLastKnownGoodEntries}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid verification cache options: " + string.Join(" ", errors));
        }
    }
}
