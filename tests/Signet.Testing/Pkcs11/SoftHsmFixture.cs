using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Net.Pkcs11Interop.Common;
using Signet.Keys.Pkcs11;
using Xunit;

namespace Signet.Testing.Pkcs11;

/// <summary>
/// A fresh SoftHSM2 token for a test class or collection: initialised with <c>softhsm2-util --init-token --free</c>
/// (or, once the module is already loaded in this process — SoftHSM does not see tokens created by other processes
/// after its initialisation — with <c>C_InitToken</c> on the module's free slot), and a ready
/// <see cref="Pkcs11KeyProvider"/> on it.
/// </summary>
public sealed class SoftHsmFixture : IAsyncLifetime
{
    /// <summary>The user PIN of the token.</summary>
    public const string Pin = "123456";

    /// <summary>The security officer PIN of the token.</summary>
    public const string SoPin = "65432178";

    /// <summary>The token label (unique per fixture, at most 32 characters).</summary>
    public string TokenLabel { get; } = "signet-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The PKCS#11 module.</summary>
    public string ModulePath => SoftHsmEnvironment.ModulePath;

    /// <summary>The provider on the token (module, token and PIN from options), with a fixed fake clock.</summary>
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
    public async Task InitializeAsync()
    {
        var config = SoftHsmEnvironment.ConfigPath;
        if (!Pkcs11Modules.IsLoaded(ModulePath))
        {
            await InitWithSoftHsmUtilAsync(config);
        }
        else
        {
            InitInProcess();
        }

        Provider = CreateProvider();
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Provider?.Dispose();
        return Task.CompletedTask;
    }

    private async Task InitWithSoftHsmUtilAsync(string config)
    {
        var start = new ProcessStartInfo(SoftHsmEnvironment.SoftHsmUtil())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--init-token", "--free", "--label", TokenLabel, "--pin", Pin, "--so-pin", SoPin })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = config;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("softhsm2-util --init-token did not finish within 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util --init-token failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    private void InitInProcess()
    {
        var module = Pkcs11Modules.Get(ModulePath);
        var free = module.GetSlotList(SlotsType.WithTokenPresent).FirstOrDefault(s => !s.GetTokenInfo().TokenFlags.TokenInitialized)
            ?? throw new InvalidOperationException("SoftHSM2 offers no free slot to initialise a token in.");
        free.InitToken(SoPin, TokenLabel);

        // The slot id changes once a SoftHSM token is initialised: find the token again by its label.
        var slot = module.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == TokenLabel);
        using var session = slot.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_SO, SoPin);
        session.InitPin(Pin);
        session.Logout();
    }
}
