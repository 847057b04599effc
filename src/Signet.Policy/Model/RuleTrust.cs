using System.Collections.Frozen;

namespace Signet.Policy.Model;

/// <summary>
/// What a rule trusts. The kinds combine with OR: an image is trusted when one trusted vault key signed it, or when
/// the cosign threshold is met, or when the Notary Project trust policy accepts a signature.
/// </summary>
public sealed record RuleTrust
{
    private readonly IReadOnlyList<VaultKeyTrust> _vaultKeys = [];
    private readonly CosignTrust? _cosign;
    private FrozenDictionary<string, VaultKeyTrust> _vaultIndex = FrozenDictionary<string, VaultKeyTrust>.Empty;
    private FrozenSet<string> _cosignIndex = FrozenSet<string>.Empty;
    private IReadOnlyList<string>? _summary;

    /// <summary>Trusts nothing: with OKE semantics, images are then admitted signed or unsigned.</summary>
    public static RuleTrust None { get; } = new();

    /// <summary>Trusted vault keys; one valid signature by any one suffices. Lookups are O(1), so 1,000 keys cost what 1 does.</summary>
    public IReadOnlyList<VaultKeyTrust> VaultKeys
    {
        get => _vaultKeys;
        init
        {
            _vaultKeys = value;
            var index = new Dictionary<string, VaultKeyTrust>(StringComparer.Ordinal);
            foreach (var key in value)
            {
                index.TryAdd(key.KeyId, key);
            }

            _vaultIndex = index.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>Trusted cosign keys and threshold, when configured.</summary>
    public CosignTrust? Cosign
    {
        get => _cosign;
        init
        {
            _cosign = value;
            _cosignIndex = value is null ? FrozenSet<string>.Empty : value.Keys.Select(k => k.KeyId).ToFrozenSet(StringComparer.Ordinal);
        }
    }

    /// <summary>The Notary Project trust policy and stores, when configured.</summary>
    public NotationTrust? Notation { get; init; }

    /// <summary>True when nothing is trusted.</summary>
    public bool IsEmpty => _vaultKeys.Count == 0 && (_cosign is null || _cosign.Keys.Count == 0) && Notation is null;

    /// <summary>The total number of trusted keys and trust stores, for messages.</summary>
    public int Count => _vaultKeys.Count + (_cosign?.Keys.Count ?? 0) + (Notation?.TrustStores.Count ?? 0);

    /// <summary>Finds a trusted vault key by id.</summary>
    public VaultKeyTrust? FindVaultKey(string? keyId) =>
        keyId is not null && _vaultIndex.TryGetValue(keyId, out var key) ? key : null;

    /// <summary>True when <paramref name="keyId"/> (<c>sha256:&lt;hex&gt;</c>) is a trusted cosign key.</summary>
    public bool IsTrustedCosignKey(string? keyId) => keyId is not null && _cosignIndex.Contains(keyId);

    /// <summary>
    /// The first 20 trusted keys and a count of the rest, computed once: verdicts carry it on every evaluation, so it
    /// must not cost more for 1,000 keys than for 1.
    /// </summary>
    public IReadOnlyList<string> Summary => _summary ??= Describe(20);

    /// <summary>Short descriptions of the trusted keys, at most <paramref name="limit"/>, then a count of the rest.</summary>
    public IReadOnlyList<string> Describe(int limit = int.MaxValue)
    {
        var all = _vaultKeys.Select(k => "vault " + k)
            .Concat(_cosign?.Keys.Select(k => "cosign " + k) ?? [])
            .Concat(Notation?.TrustStores.Keys.Order(StringComparer.Ordinal).Select(s => "notation trust store " + s) ?? []);
        var list = new List<string>();
        foreach (var item in all)
        {
            if (list.Count == limit)
            {
                list.Add($"and {Count - limit} more");
                break;
            }

            list.Add(item);
        }

        return list;
    }
}
