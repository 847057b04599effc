using Signet.Keys;
using Signet.Testing.Keys;

namespace Signet.UnitTests.Keys;

/// <summary>One embedded store with one key per key type, shared by the algorithm matrix tests (RSA-4096 is slow to make).</summary>
public sealed class EmbeddedKeysFixture : IAsyncLifetime
{
    public TemporaryKeyStore Keys { get; } = new();

    public static string NameOf(KeyType keyType) => "matrix-" + keyType.ToString().ToLowerInvariant();

    public async Task InitializeAsync()
    {
        foreach (var keyType in Enum.GetValues<KeyType>())
        {
            await Keys.Store.CreateKeyAsync(NameOf(keyType), keyType);
        }
    }

    public Task DisposeAsync()
    {
        Keys.Dispose();
        return Task.CompletedTask;
    }
}
