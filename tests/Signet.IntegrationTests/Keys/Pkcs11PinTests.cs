using Signet.Keys;
using Signet.Testing.Pkcs11;

namespace Signet.IntegrationTests.Keys;

/// <summary>
/// PIN handling on a token of its own: PKCS#11 login state is shared by every session of the process on a token, so a
/// wrong PIN is only observable before anything logged in to that token.
/// </summary>
public sealed class Pkcs11PinTests : IAsyncLifetime
{
    private readonly SoftHsmFixture _hsm = new();

    public Task InitializeAsync() => _hsm.InitializeAsync();

    public Task DisposeAsync() => _hsm.DisposeAsync();

    [Fact]
    public async Task WrongThenMissingThenRightPin_FailsClearlyThenWorks()
    {
        using var wrong = _hsm.CreateProvider(configure: o => o.Pin = "000000");
        using var missing = _hsm.CreateProvider(configure: o => o.Pin = null);
        var pinFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(pinFile, SoftHsmFixture.Pin + "\n");

            var wrongError = await Assert.ThrowsAsync<KeyProviderException>(() => wrong.ListKeysAsync());
            var missingError = await Assert.ThrowsAsync<KeyProviderException>(() => missing.ListKeysAsync());
            using var fromFile = _hsm.CreateProvider(configure: o => o.Pin = null);
            var key = await fromFile.CreateKeyAsync($"{_hsm.KeyUri("pin-file")}?pin-source={pinFile}", KeyType.EcP256);

            Assert.Equal(KeyErrorCode.WrongPin, wrongError.Code);
            Assert.Contains(_hsm.TokenLabel, wrongError.Message, StringComparison.Ordinal);
            Assert.Contains("CKR_PIN_INCORRECT", wrongError.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("000000", wrongError.ToString(), StringComparison.Ordinal);
            Assert.Equal(KeyErrorCode.WrongPin, missingError.Code);
            Assert.Contains("SIGNET_TEST_PKCS11_PIN_UNSET", missingError.Message, StringComparison.Ordinal);
            Assert.Equal(_hsm.KeyUri("pin-file"), key.Id);
        }
        finally
        {
            File.Delete(pinFile);
        }
    }
}
