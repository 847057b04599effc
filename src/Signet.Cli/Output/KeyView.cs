using Signet.Keys;

namespace Signet.Cli.Output;

/// <summary>A key as <c>signet key show --output json</c> prints it.</summary>
/// <param name="Id">The stable id that policies and signatures name.</param>
/// <param name="Name">The short name.</param>
/// <param name="Provider">The backend (<c>embedded</c>, <c>pkcs11</c>).</param>
/// <param name="Algorithm">The key type as the CLI spells it (<c>rsa-3072</c>, <c>ec-p256</c>…).</param>
/// <param name="Versions">The versions, oldest first.</param>
internal sealed record KeyView(string Id, string Name, string Provider, string Algorithm, IReadOnlyList<KeyVersionView> Versions)
{
    public static KeyView From(KeyInfo key, string provider) => new(
        key.Id,
        key.Name,
        provider,
        KeyTypeNames.ToCliName(key.KeyType),
        key.Versions.Select(v => new KeyVersionView(v.Id, KeyTypeNames.ToCliName(v.State), v.IsPrimary, v.Created, v.DeletionTime)).ToArray());
}

/// <summary>One key version.</summary>
/// <param name="Id">The version id (<c>v1</c>…).</param>
/// <param name="State"><c>enabled</c>, <c>disabled</c> or <c>scheduled-for-deletion</c>.</param>
/// <param name="Primary">True for the version that signs when none is named.</param>
/// <param name="Created">When it was created.</param>
/// <param name="DeletionTime">When a version scheduled for deletion goes.</param>
internal sealed record KeyVersionView(string Id, string State, bool Primary, DateTimeOffset Created, DateTimeOffset? DeletionTime);

/// <summary><c>signet key list --output json</c>.</summary>
/// <param name="Keys">Every key of every provider.</param>
internal sealed record KeyListView(IReadOnlyList<KeyView> Keys);
