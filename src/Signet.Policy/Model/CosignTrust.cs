namespace Signet.Policy.Model;

/// <summary>Trusted cosign public keys and how many distinct ones must have signed (N of M).</summary>
public sealed record CosignTrust
{
    /// <summary>The keys (M).</summary>
    public required IReadOnlyList<CosignPublicKey> Keys { get; init; }

    /// <summary>Distinct trusted keys that must have signed (N, 1 by default).</summary>
    public int Threshold { get; init; } = 1;
}
