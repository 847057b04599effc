using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signet.Keys;
using Signet.Keys.Embedded;
using Signet.Testing.Keys;

namespace Signet.UnitTests.Keys;

public sealed class KeyVaultTests : IDisposable
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("payload");
    private readonly TemporaryKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    [Theory]
    [InlineData("release", true)]
    [InlineData("signet:release", true)]
    [InlineData("pkcs11:token=t;object=o", false)]
    [InlineData("ocivault:ocid1.key.oc1..x", false)]
    public void CanHandle_ByScheme_RoutesToEmbeddedStore(string keyId, bool expected)
    {
        Assert.Equal(expected, _keys.Vault.CanHandle(keyId));
    }

    [Fact]
    public async Task Operation_NoProviderForScheme_ThrowsNamingRegisteredProviders()
    {
        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.GetKeyAsync("pkcs11:token=t;object=o"));

        Assert.Equal(KeyErrorCode.InvalidKeyId, e.Code);
        Assert.Contains("pkcs11:token=t;object=o", e.Message, StringComparison.Ordinal);
        Assert.Contains("embedded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnyEnabledVersionUnlessPinned()
    {
        await _keys.Vault.CreateKeyAsync("release", KeyType.Rsa2048);
        var v1 = await _keys.Vault.SignAsync("release", null, SigningAlgorithm.RsaPkcs1Sha256, s_message);
        await _keys.Vault.RotateKeyAsync("release");

        var any = await _keys.Vault.VerifyAsync("signet:release", SigningAlgorithm.RsaPkcs1Sha256, s_message, v1.Signature);
        var pinnedToV2 = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.RsaPkcs1Sha256, s_message, v1.Signature, ["v2"]);
        var pinnedToV1 = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.RsaPkcs1Sha256, s_message, v1.Signature, ["v1"]);
        var pinnedUnknown = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.RsaPkcs1Sha256, s_message, v1.Signature, ["v9"]);

        Assert.True(any.IsValid);
        Assert.Equal("v1", any.VersionId);
        Assert.Equal("signet:release", any.KeyId);
        Assert.False(pinnedToV2.IsValid);
        Assert.Equal("SIGNATURE_INVALID", pinnedToV2.Code);
        Assert.Contains("v2", pinnedToV2.Message, StringComparison.Ordinal);
        Assert.True(pinnedToV1.IsValid);
        Assert.False(pinnedUnknown.IsValid);
        Assert.Equal("KEY_NOT_TRUSTED", pinnedUnknown.Code);
    }

    [Fact]
    public async Task Verify_TamperedOrMismatchedAlgorithm_ReturnsCodes()
    {
        await _keys.Vault.CreateKeyAsync("release", KeyType.EcP256);
        var signature = await _keys.Vault.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message);

        var tampered = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.EcdsaSha256, Encoding.UTF8.GetBytes("payloaD"), signature.Signature);
        var mismatch = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.RsaPssSha256, s_message, signature.Signature);
        var garbage = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.EcdsaSha256, s_message, new byte[3]);

        Assert.Equal(("SIGNATURE_INVALID", false), (tampered.Code, tampered.IsValid));
        Assert.Equal(("UNSUPPORTED_ALGORITHM", false), (mismatch.Code, mismatch.IsValid));
        Assert.Equal(("SIGNATURE_INVALID", false), (garbage.Code, garbage.IsValid));
    }

    [Fact]
    public async Task Verify_UnknownKey_Throws()
    {
        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.VerifyAsync("nope", SigningAlgorithm.EcdsaSha256, s_message, new byte[64]));

        Assert.Equal(KeyErrorCode.KeyNotFound, e.Code);
    }

    [Fact]
    public async Task AddSignetKeys_EmbeddedStore_ResolvesVaultOverTheStore()
    {
        var services = new ServiceCollection();
        services.AddSignetKeys().AddEmbeddedKeyStore(o =>
        {
            o.Directory = _keys.KeyDirectory;
            o.PassphraseCallback = (_, _) => ValueTask.FromResult<string?>(TemporaryKeyStore.DefaultPassphrase);
        });
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var vault = provider.GetRequiredService<KeyVault>();

        Assert.IsType<EmbeddedKeyStore>(Assert.Single(vault.Providers));
        Assert.Same(provider.GetRequiredService<EmbeddedKeyStore>(), vault.Providers[0]);
        Assert.Equal("v1", (await vault.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message)).VersionId);
    }

    [Fact]
    public async Task AddEmbeddedKeyStore_CalledTwice_RegistersOneProvider()
    {
        var services = new ServiceCollection();
        services.AddSignetKeys().AddEmbeddedKeyStore(o => o.Directory = _keys.KeyDirectory);
        services.AddSignetKeys().AddEmbeddedKeyStore();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetRequiredService<KeyVault>().Providers);
    }

    [Fact]
    public async Task AddEmbeddedKeyStore_InvalidOptions_FailsAtStartListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddSignetKeys().AddEmbeddedKeyStore(o =>
        {
            o.Pbkdf2Iterations = 1000;
            o.PassphraseFile = "/nonexistent/passphrase";
            o.DeletionDelay = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var message = string.Join("\n", e.Failures);
        Assert.Contains("Pbkdf2Iterations", message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/passphrase", message, StringComparison.Ordinal);
        Assert.Contains("DeletionDelay", message, StringComparison.Ordinal);
    }
}
