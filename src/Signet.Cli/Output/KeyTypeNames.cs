using Signet.Keys;

namespace Signet.Cli.Output;

/// <summary>The CLI's spelling of key types and version states (<c>ec-p256</c>, <c>scheduled-for-deletion</c>).</summary>
internal static class KeyTypeNames
{
    private static readonly (string Name, KeyType Type)[] s_types =
    [
        ("rsa-2048", KeyType.Rsa2048),
        ("rsa-3072", KeyType.Rsa3072),
        ("rsa-4096", KeyType.Rsa4096),
        ("ec-p256", KeyType.EcP256),
        ("ec-p384", KeyType.EcP384),
        ("ec-p521", KeyType.EcP521),
    ];

    /// <summary>Every accepted <c>--algorithm</c> value of <c>signet key create</c>.</summary>
    public static string[] All => s_types.Select(t => t.Name).ToArray();

    public static string ToCliName(KeyType keyType) => s_types.First(t => t.Type == keyType).Name;

    public static KeyType Parse(string name) => s_types.First(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).Type;

    public static string ToCliName(KeyVersionState state) => state switch
    {
        KeyVersionState.Enabled => "enabled",
        KeyVersionState.Disabled => "disabled",
        KeyVersionState.ScheduledForDeletion => "scheduled-for-deletion",
        _ => state.ToString().ToLowerInvariant(),
    };
}
