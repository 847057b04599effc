using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Signet.Core.IO;
using Signet.Keys;
using Signet.Testing.Keys;

namespace Signet.UnitTests.Keys;

public sealed class EmbeddedKeyStoreLifecycleTests : IDisposable
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("payload");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TemporaryKeyStore _keys;

    public EmbeddedKeyStoreLifecycleTests() => _keys = new TemporaryKeyStore(_time);

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task CreateKey_NewName_WritesPrivateDirectoryAndFileWithPublicMetadata()
    {
        var key = await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);

        Assert.Equal("signet:release", key.Id);
        Assert.Equal("release", key.Name);
        var version = Assert.Single(key.Versions);
        Assert.Equal("v1", version.Id);
        Assert.True(version.IsPrimary);
        Assert.Equal(KeyVersionState.Enabled, version.State);
        Assert.Equal(_time.GetUtcNow(), version.Created);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_keys.KeyDirectory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_keys.KeyFilePath("release")));
        }

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(_keys.KeyFilePath("release")));
        var root = json.RootElement;
        Assert.Equal("signet.key.v1", root.GetProperty("format").GetString());
        Assert.Equal("EcP256", root.GetProperty("keyType").GetString());
        Assert.Equal("PBKDF2-SHA256", root.GetProperty("kdf").GetProperty("algorithm").GetString());
        Assert.True(root.GetProperty("kdf").GetProperty("iterations").GetInt32() >= 600_000);
        var fileVersion = root.GetProperty("versions")[0];
        Assert.Equal("AES-256-GCM", fileVersion.GetProperty("privateKey").GetProperty("cipher").GetString());
        Assert.Equal((await _keys.Store.GetPublicKeyAsync("release")).SubjectPublicKeyInfo, fileVersion.GetProperty("publicKey").GetBytesFromBase64());
        Assert.Empty(Directory.GetFiles(_keys.KeyDirectory, AtomicFileWriter.TempPrefix + "*"));
    }

    [Fact]
    public async Task GetKeyAndPublicKey_NoPassphrase_ReadPublicMetadata()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.Rsa2048);
        _keys.Passphrase = null;

        var key = await _keys.Vault.GetKeyAsync("signet:release");
        var publicKey = await _keys.Vault.GetPublicKeyAsync("release", "v1");
        var list = await _keys.Vault.ListKeysAsync();

        Assert.Equal(KeyType.Rsa2048, key.KeyType);
        Assert.Equal(KeyType.Rsa2048, publicKey.KeyType);
        Assert.Equal("release", Assert.Single(list).Name);
        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SignAsync("release", null, SigningAlgorithm.RsaPssSha256, s_message));
        Assert.Equal(KeyErrorCode.PassphraseRequired, e.Code);
        Assert.Contains("SIGNET_TEST_PASSPHRASE_UNSET", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_ExistingName_ThrowsKeyExistsAndKeepsFile()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        var before = await File.ReadAllBytesAsync(_keys.KeyFilePath("release"));

        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.CreateKeyAsync("signet:release", KeyType.EcP384));

        Assert.Equal(KeyErrorCode.KeyExists, e.Code);
        Assert.Equal(before, await File.ReadAllBytesAsync(_keys.KeyFilePath("release")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Release")]
    [InlineData("-release")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("../escape")]
    [InlineData("with space")]
    [InlineData("signet:")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task CreateKey_InvalidName_ThrowsInvalidKeyIdQuotingTheRule(string name)
    {
        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.CreateKeyAsync(name, KeyType.EcP256));

        Assert.Equal(KeyErrorCode.InvalidKeyId, e.Code);
        Assert.Contains(KeyNames.Pattern, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_keys.KeyDirectory) && Directory.EnumerateFileSystemEntries(_keys.KeyDirectory, "*.json").Any());
    }

    [Fact]
    public void KeyNames_LongestValidName_IsAccepted()
    {
        Assert.True(KeyNames.IsValid(new string('a', 63)));
        Assert.True(KeyNames.IsValid("prod.signing-key_2"));
        Assert.False(KeyNames.IsValid(new string('a', 64)));
    }

    [Fact]
    public async Task Rotate_NewPrimaryVersion_OldVersionStaysEnabledAndVerifies()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        var old = await _keys.Vault.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message);
        _time.Advance(TimeSpan.FromDays(1));

        var key = await _keys.Vault.RotateKeyAsync("release");
        var fresh = await _keys.Vault.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message);

        Assert.Equal(["v1", "v2"], key.Versions.Select(v => v.Id));
        Assert.Equal("v2", key.Primary.Id);
        Assert.Equal(_time.GetUtcNow(), key.Primary.Created);
        Assert.All(key.Versions, v => Assert.Equal(KeyVersionState.Enabled, v.State));
        Assert.Equal("v1", old.VersionId);
        Assert.Equal("v2", fresh.VersionId);
        Assert.NotEqual((await _keys.Vault.GetPublicKeyAsync("release", "v1")).SubjectPublicKeyInfo, (await _keys.Vault.GetPublicKeyAsync("release", "v2")).SubjectPublicKeyInfo);
        Assert.Equal("v1", (await _keys.Vault.VerifyAsync("release", SigningAlgorithm.EcdsaSha256, s_message, old.Signature)).VersionId);
        Assert.Equal("v2", (await _keys.Vault.VerifyAsync("release", SigningAlgorithm.EcdsaSha256, s_message, fresh.Signature)).VersionId);
        var explicitOld = await _keys.Vault.SignAsync("release", "v1", SigningAlgorithm.EcdsaSha256, s_message);
        Assert.Equal("v1", explicitOld.VersionId);
    }

    [Fact]
    public async Task Rotate_Concurrently_EveryRotationGetsItsOwnVersion()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => _keys.Store.RotateKeyAsync("release"))));

        var key = await _keys.Store.GetKeyAsync("release");
        Assert.Equal(["v1", "v2", "v3", "v4", "v5", "v6"], key.Versions.Select(v => v.Id));
        Assert.Equal("v6", key.Primary.Id);
    }

    [Theory]
    [InlineData(KeyVersionState.Disabled)]
    [InlineData(KeyVersionState.ScheduledForDeletion)]
    public async Task SetVersionState_PrimaryVersion_ThrowsAndChangesNothing(KeyVersionState state)
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        var before = await File.ReadAllBytesAsync(_keys.KeyFilePath("release"));

        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.SetVersionStateAsync("release", "v1", state));

        Assert.Equal(KeyErrorCode.PrimaryVersion, e.Code);
        Assert.Contains("rotate", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_keys.KeyFilePath("release")));
    }

    [Fact]
    public async Task DisableThenEnable_OldVersion_SigningFailsWhileDisabledAndWorksAfter()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP384);
        var v1Signature = await _keys.Vault.SignAsync("release", null, SigningAlgorithm.EcdsaSha384, s_message);
        await _keys.Store.RotateKeyAsync("release");

        var disabled = await _keys.Vault.SetVersionStateAsync("release", "v1", KeyVersionState.Disabled);
        var e = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SignAsync("release", "v1", SigningAlgorithm.EcdsaSha384, s_message));
        var whileDisabled = await _keys.Vault.VerifyAsync("release", SigningAlgorithm.EcdsaSha384, s_message, v1Signature.Signature);

        Assert.Equal(KeyVersionState.Disabled, disabled.Versions[0].State);
        Assert.Equal(KeyErrorCode.VersionDisabled, e.Code);
        Assert.Contains("v1", e.Message, StringComparison.Ordinal);
        Assert.False(whileDisabled.IsValid);
        Assert.Equal("KEY_VERSION_DISABLED", whileDisabled.Code);

        await _keys.Vault.SetVersionStateAsync("release", "v1", KeyVersionState.Enabled);
        var again = await _keys.Vault.SignAsync("release", "v1", SigningAlgorithm.EcdsaSha384, s_message);
        Assert.Equal("v1", again.VersionId);
        Assert.True((await _keys.Vault.VerifyAsync("release", SigningAlgorithm.EcdsaSha384, s_message, v1Signature.Signature)).IsValid);
    }

    [Fact]
    public async Task ScheduleDeletion_DeletionTimeFromClock_VersionGoneAfterItPasses()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        await _keys.Store.RotateKeyAsync("release");

        var scheduled = await _keys.Store.SetVersionStateAsync("release", "v1", KeyVersionState.ScheduledForDeletion);

        var v1 = scheduled.Versions.Single(v => v.Id == "v1");
        Assert.Equal(KeyVersionState.ScheduledForDeletion, v1.State);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromDays(7), v1.DeletionTime);
        var signError = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.SignAsync("release", "v1", SigningAlgorithm.EcdsaSha256, s_message));
        Assert.Equal(KeyErrorCode.VersionDisabled, signError.Code);
        Assert.Contains("scheduled for deletion", signError.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(7));

        var key = await _keys.Store.GetKeyAsync("release");
        Assert.Equal("v2", Assert.Single(key.Versions).Id);
        var gone = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.GetPublicKeyAsync("release", "v1"));
        Assert.Equal(KeyErrorCode.VersionDeleted, gone.Code);

        // The next write removes the sealed private key from the file for good; the version number is not reused.
        await _keys.Store.RotateKeyAsync("release");
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(_keys.KeyFilePath("release")));
        var fileV1 = json.RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "v1");
        Assert.False(fileV1.TryGetProperty("privateKey", out _));
        Assert.Equal(["v2", "v3"], (await _keys.Store.GetKeyAsync("release")).Versions.Select(v => v.Id));
    }

    [Fact]
    public async Task ScheduleDeletion_EnabledBeforeDeletionTime_CancelsDeletion()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        await _keys.Store.RotateKeyAsync("release");
        await _keys.Store.SetVersionStateAsync("release", "v1", KeyVersionState.ScheduledForDeletion);
        _time.Advance(TimeSpan.FromDays(6));

        var key = await _keys.Store.SetVersionStateAsync("release", "v1", KeyVersionState.Enabled);
        _time.Advance(TimeSpan.FromDays(2));

        var v1 = (await _keys.Store.GetKeyAsync("release")).Versions.Single(v => v.Id == "v1");
        Assert.Equal(KeyVersionState.Enabled, v1.State);
        Assert.Null(v1.DeletionTime);
        Assert.Null(key.Versions[0].DeletionTime);
    }

    [Fact]
    public async Task UnknownKeyOrVersion_ThrowsNamingKeyAndKnownVersions()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);

        var noKey = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.GetKeyAsync("signet:missing"));
        var noVersion = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SignAsync("release", "v9", SigningAlgorithm.EcdsaSha256, s_message));
        var noVersionState = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SetVersionStateAsync("release", "v9", KeyVersionState.Disabled));

        Assert.Equal(KeyErrorCode.KeyNotFound, noKey.Code);
        Assert.Equal("signet:missing", noKey.KeyId);
        Assert.Contains("signet:missing", noKey.Message, StringComparison.Ordinal);
        Assert.Equal(KeyErrorCode.VersionNotFound, noVersion.Code);
        Assert.Contains("'v9'", noVersion.Message, StringComparison.Ordinal);
        Assert.Contains("versions: v1", noVersion.Message, StringComparison.Ordinal);
        Assert.Equal(KeyErrorCode.VersionNotFound, noVersionState.Code);
    }

    [Fact]
    public async Task WrongPassphrase_SignAndRotate_ThrowWrongPassphraseAndChangeNothing()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        var before = await File.ReadAllBytesAsync(_keys.KeyFilePath("release"));
        _keys.Passphrase = "not the passphrase";

        var sign = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message));
        var rotate = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.RotateKeyAsync("release"));

        Assert.Equal(KeyErrorCode.WrongPassphrase, sign.Code);
        Assert.Equal(KeyErrorCode.WrongPassphrase, rotate.Code);
        Assert.Contains("signet:release", sign.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", sign.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_keys.KeyFilePath("release")));
    }

    [Fact]
    public async Task Passphrase_FromFileWhenCallbackGivesNone_OpensKey()
    {
        using var keys = new TemporaryKeyStore(_time, o => o.PassphraseFile = Path.Combine(Path.GetTempPath(), $"signet-pass-{Guid.NewGuid():N}"));
        try
        {
            await File.WriteAllTextAsync(keys.Options.PassphraseFile!, "from a file\n");
            keys.Passphrase = null;
            await keys.Store.CreateKeyAsync("release", KeyType.EcP256);

            var signature = await keys.Store.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message);
            await File.WriteAllTextAsync(keys.Options.PassphraseFile!, "another\n");
            var wrong = await Assert.ThrowsAsync<KeyProviderException>(() => keys.Store.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message));

            Assert.Equal("v1", signature.VersionId);
            Assert.Equal(KeyErrorCode.WrongPassphrase, wrong.Code);
        }
        finally
        {
            File.Delete(keys.Options.PassphraseFile!);
        }
    }
}
