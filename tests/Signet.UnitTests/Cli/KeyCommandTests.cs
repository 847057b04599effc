using System.Text.Json;

namespace Signet.UnitTests.Cli;

public sealed class KeyCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task KeyCreate_NewName_CreatesKeyAndShowJsonListsVersion()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p384"));
        Assert.Contains("signet:release", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains("--key release'", _cli.Out.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_cli.Home, "keys", "release.json")));

        Assert.Equal(0, await _cli.RunAsync("key", "show", "release", "--output", "json"));
        using var json = JsonDocument.Parse(_cli.Out.Output);
        Assert.Equal("signet:release", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("release", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("ec-p384", json.RootElement.GetProperty("algorithm").GetString());
        var version = Assert.Single(json.RootElement.GetProperty("versions").EnumerateArray());
        Assert.Equal("v1", version.GetProperty("id").GetString());
        Assert.Equal("enabled", version.GetProperty("state").GetString());
        Assert.True(version.GetProperty("primary").GetBoolean());
        Assert.Equal(_cli.Time.GetUtcNow(), version.GetProperty("created").GetDateTimeOffset());
    }

    [Fact]
    public async Task KeyLifecycle_RotateDisableEnable_StatesFollow()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "ci"));
        Assert.Equal(0, await _cli.RunAsync("key", "rotate", "ci"));
        Assert.Contains("version v2 now signs", _cli.Out.Output, StringComparison.Ordinal);

        Assert.Equal(0, await _cli.RunAsync("key", "disable", "ci", "--version", "v1"));
        Assert.Equal(0, await _cli.RunAsync("key", "list", "-o", "json"));
        using (var list = JsonDocument.Parse(_cli.Out.Output))
        {
            var key = Assert.Single(list.RootElement.GetProperty("keys").EnumerateArray());
            var versions = key.GetProperty("versions").EnumerateArray().ToArray();
            Assert.Equal("disabled", versions[0].GetProperty("state").GetString());
            Assert.Equal("enabled", versions[1].GetProperty("state").GetString());
            Assert.True(versions[1].GetProperty("primary").GetBoolean());
        }

        Assert.Equal(0, await _cli.RunAsync("key", "enable", "ci", "--version", "v1"));
        Assert.Equal(0, await _cli.RunAsync("key", "show", "ci"));
        Assert.DoesNotContain("disabled", _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyDisable_PrimaryVersion_FailsWithCodeAndExit2()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "solo"));
        Assert.Equal(2, await _cli.RunAsync("key", "disable", "solo", "--version", "v1"));
        var line = Assert.Single(_cli.Error.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("[KEY_VERSION_PRIMARY]", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyExport_PemAndJwk_ArePublicKeysOfThePrimaryVersion()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "exp", "-a", "rsa-2048"));
        Assert.Equal(0, await _cli.RunAsync("key", "export", "exp"));
        var pem = _cli.Out.Output;
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(pem);
        Assert.Equal(2048, rsa.KeySize);

        Assert.Equal(0, await _cli.RunAsync("key", "export", "exp", "--format", "jwk", "--version", "v1"));
        using var jwk = JsonDocument.Parse(_cli.Out.Output);
        Assert.Equal("RSA", jwk.RootElement.GetProperty("kty").GetString());
        Assert.Equal("signet:exp#v1", jwk.RootElement.GetProperty("kid").GetString());
        Assert.DoesNotContain("\"d\"", _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRotate_WrongPassphrase_Exit2AndKeyUnchanged()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "locked"));
        var before = await File.ReadAllBytesAsync(Path.Combine(_cli.Home, "keys", "locked.json"));
        _cli.SetEnvironment("SIGNET_PASSPHRASE", "not the passphrase");

        Assert.Equal(2, await _cli.RunAsync("key", "rotate", "locked"));

        Assert.Contains("[WRONG_PASSPHRASE]", _cli.Error.Output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(_cli.Home, "keys", "locked.json")));
    }

    [Fact]
    public async Task KeyCreate_NoPassphraseAndNoTerminal_Exit2NamingTheVariable()
    {
        _cli.SetEnvironment("SIGNET_PASSPHRASE", null);
        Assert.Equal(2, await _cli.RunAsync("key", "create", "nopass"));
        Assert.Contains("[PASSPHRASE_REQUIRED]", _cli.Error.Output, StringComparison.Ordinal);
        Assert.Contains("SIGNET_PASSPHRASE", _cli.Error.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.Home, "keys", "nopass.json")));
    }

    [Theory]
    [InlineData("key", "show", "missing")]
    [InlineData("key", "create", "Bad Name!")]
    public async Task KeyCommand_BadKey_Exit2WithOneLine(params string[] args)
    {
        Assert.Equal(2, await _cli.RunAsync(args));
        var line = Assert.Single(_cli.Error.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^error: .+ \[[A-Z_]+\]", line);
        Assert.Empty(_cli.Out.Output);
    }

    [Fact]
    public async Task KeyShow_JsonErrorOutput_IsJsonOnStandardError()
    {
        Assert.Equal(2, await _cli.RunAsync("key", "show", "missing", "--output", "json"));
        using var json = JsonDocument.Parse(_cli.Error.Output);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("KEY_NOT_FOUND", error.GetProperty("code").GetString());
        Assert.Equal(2, error.GetProperty("exitCode").GetInt32());
    }
}
