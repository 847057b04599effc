using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Net.Pkcs11Interop.Common;
using Signet.Keys.Pkcs11;
using Xunit;

namespace Signet.Testing.Pkcs11;

/// <summary>
/// A SoftHSM2 token of its own for a test class or collection (see <see cref="SoftHsmEnvironment"/> for how tokens are
/// made), and a ready <see cref="Pkcs11KeyProvider"/> on it. Fails, naming the Debian package softhsm2, when SoftHSM2
/// is not installed.
/// </summary>
public sealed class SoftHsmFixture : IAsyncLifetime
{
    /// <summary>The user PIN of the token.</summary>
    public const string Pin = SoftHsmEnvironment.Pin;

    /// <summary>The security officer PIN of the token.</summary>
    public const string SoPin = SoftHsmEnvironment.SoPin;

    private static readonly Lock s_initLock = new();

    /// <summary>The token label (unique per fixture, at most 32 characters).</summary>
    public string TokenLabel { get; private set; } = "";

    /// <summary>The PKCS#11 module.</summary>
    public string ModulePath => SoftHsmEnvironment.ModulePath;

    /// <summary>The provider on the token (module, token and PIN from options), with <see cref="Time"/> as its clock.</summary>
    public Pkcs11KeyProvider Provider { get; private set; } = null!;

    /// <summary>The clock of <see cref="Provider"/>.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The key id of a key name on this token: <c>pkcs11:token=…;object=…</c>.</summary>
    public string KeyUri(string name) => Pkcs11KeyUri.KeyId(TokenLabel, name);

    /// <summary>A new provider on the token, with options adjusted by <paramref name="configure"/>.</summary>
    public Pkcs11KeyProvider CreateProvider(TimeProvider? timeProvider = null, Action<Pkcs11KeyProviderOptions>? configure = null)
    {
        var options = new Pkcs11KeyProviderOptions { ModulePath = ModulePath, TokenLabel = TokenLabel, Pin = Pin, PinEnvironmentVariable = "SIGNET_TEST_PKCS11_PIN_UNSET" };
        configure?.Invoke(options);
        return new Pkcs11KeyProvider(Options.Create(options), timeProvider ?? Time);
    }

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        TokenLabel = SoftHsmEnvironment.ClaimFirstToken() ?? InitTokenInProcess();
        Provider = CreateProvider();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Provider?.Dispose();
        return Task.CompletedTask;
    }

    private static string InitTokenInProcess()
    {
        var label = "signet-" + Guid.NewGuid().ToString("N")[..16];
        lock (s_initLock)
        {
            var module = Pkcs11Modules.Get(SoftHsmEnvironment.ModulePath);
            var free = module.GetSlotList(SlotsType.WithTokenPresent).FirstOrDefault(s => !s.GetTokenInfo().TokenFlags.TokenInitialized)
                ?? throw new InvalidOperationException("SoftHSM2 offers no free slot to initialise a token in.");
            free.InitToken(SoPin, label);

            // SoftHSM moves an initialised token to a new slot id: find it again by its label.
            var slot = module.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == label);
            using var session = slot.OpenSession(SessionType.ReadWrite);
            session.Login(CKU.CKU_SO, SoPin);
            session.InitPin(Pin);
            session.Logout();
        }

        return label;
    }
}
