using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Signet.Keys;
using Signet.Keys.Embedded;

namespace Signet.Testing.Keys;

/// <summary>
/// A real embedded key store in a fresh temporary SIGNET_HOME, with a passphrase supplied by callback (never by the
/// process-wide environment), and a <see cref="KeyVault"/> over it. Deletes the directory on dispose.
/// </summary>
public sealed class TemporaryKeyStore : IDisposable
{
    /// <summary>The passphrase every store made by this class uses unless told otherwise.</summary>
    public const string DefaultPassphrase = "correct horse battery staple";

    /// <summary>Creates the store; <paramref name="configure"/> may change options before it is built.</summary>
    public TemporaryKeyStore(TimeProvider? timeProvider = null, Action<EmbeddedKeyStoreOptions>? configure = null, ILogger<EmbeddedKeyStore>? logger = null)
    {
        Home = Path.Combine(Path.GetTempPath(), "signet-keys-" + Guid.NewGuid().ToString("N"));
        TimeProvider = timeProvider ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Options = new EmbeddedKeyStoreOptions
        {
            Directory = Path.Combine(Home, "keys"),
            PassphraseEnvironmentVariable = "SIGNET_TEST_PASSPHRASE_UNSET",
            PassphraseCallback = (_, _) => ValueTask.FromResult<string?>(Passphrase),
        };
        configure?.Invoke(Options);
        Store = new EmbeddedKeyStore(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider, logger);
        Vault = new KeyVault([Store]);
    }

    /// <summary>The temporary SIGNET_HOME.</summary>
    public string Home { get; }

    /// <summary>The key directory (<c>Home/keys</c>).</summary>
    public string KeyDirectory => Store.Directory;

    /// <summary>The passphrase the callback returns; change it to simulate a wrong or missing one.</summary>
    public string? Passphrase { get; set; } = DefaultPassphrase;

    /// <summary>The store's options (already applied).</summary>
    public EmbeddedKeyStoreOptions Options { get; }

    /// <summary>The clock (a <see cref="FakeTimeProvider"/> unless one was given).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The store.</summary>
    public EmbeddedKeyStore Store { get; }

    /// <summary>A vault over the store alone.</summary>
    public KeyVault Vault { get; }

    /// <summary>The path of a key's file.</summary>
    public string KeyFilePath(string name) => Path.Combine(KeyDirectory, name + ".json");

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }
}
