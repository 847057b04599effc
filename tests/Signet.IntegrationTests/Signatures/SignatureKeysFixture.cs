using Signet.Keys;
using Signet.Testing.Keys;

namespace Signet.IntegrationTests.Signatures;

/// <summary>A real embedded key store with one key per key type, shared by the registry round trips.</summary>
public sealed class SignatureKeysFixture : IAsyncLifetime
{
    public TemporaryKeyStore Keys { get; } = new(TimeProvider.System);

    public static string IdOf(KeyType keyType) => "signet:sig-" + keyType.ToString().ToLowerInvariant();

    public async Task InitializeAsync()
    {
        foreach (var keyType in Enum.GetValues<KeyType>())
        {
            await Keys.Vault.CreateKeyAsync("sig-" + keyType.ToString().ToLowerInvariant(), keyType);
        }
    }

    public Task DisposeAsync()
    {
        Keys.Dispose();
        return Task.CompletedTask;
    }
}
