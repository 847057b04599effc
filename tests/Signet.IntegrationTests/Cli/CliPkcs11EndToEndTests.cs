using System.Text.Json;
using Signet.IntegrationTests.Keys;
using Signet.Signatures.Notation;
using Signet.Testing.Pkcs11;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Cli;

/// <summary>
/// The built signet binary as a process with keys in a real SoftHSM2 token, named by RFC 7512 URIs carrying their
/// module (the CLI has no other PKCS#11 configuration), signing images in a real docker-registry on 127.0.0.1. The
/// token is the SoftHSM2 collection's, so no other test initialises tokens in it while these run.
/// </summary>
[Collection(SoftHsmGroup.Name)]
public sealed class CliPkcs11EndToEndTests : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryFixture _registry;
    private readonly SoftHsmFixture _hsm;
    private readonly SignetProcess _signet = new();

    public CliPkcs11EndToEndTests(RegistryFixture registry, SoftHsmFixture hsm)
    {
        _registry = registry;
        _hsm = hsm;
        _signet.Environment["SOFTHSM2_CONF"] = SoftHsmEnvironment.ConfigPath;
        _signet.Environment["SIGNET_PKCS11_PIN"] = SoftHsmFixture.Pin;
    }

    public void Dispose() => _signet.Dispose();

    [Theory]
    [InlineData("ec-p256")]
    [InlineData("rsa-2048")]
    public async Task KeyCreateThenShow_TokenKey_JsonHasIdNameAlgorithmAndVersions(string algorithm)
    {
        var name = NewName();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var create = await _signet.RunAsync("key", "create", Uri(name), "--algorithm", algorithm);
        var show = await _signet.RunAsync("key", "show", Uri(name), "--output", "json");

        Assert.True(create.ExitCode == 0, create.Output + create.Error);
        Assert.Contains(_hsm.KeyUri(name), create.Output, StringComparison.Ordinal);
        Assert.Contains($"--key {Uri(name)}'", create.Output, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.Output + show.Error);
        using var json = JsonDocument.Parse(show.Output);
        var root = json.RootElement;
        Assert.Equal(_hsm.KeyUri(name), root.GetProperty("id").GetString());
        Assert.Equal(name, root.GetProperty("name").GetString());
        Assert.Equal("pkcs11", root.GetProperty("provider").GetString());
        Assert.Equal(algorithm, root.GetProperty("algorithm").GetString());
        var version = Assert.Single(root.GetProperty("versions").EnumerateArray());
        Assert.Equal("v1", version.GetProperty("id").GetString());
        Assert.Equal("enabled", version.GetProperty("state").GetString());
        Assert.True(version.GetProperty("primary").GetBoolean());
        var created = version.GetProperty("created").GetDateTimeOffset();
        Assert.InRange(created, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.DoesNotContain("module-path", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyCreate_UriWithPinValue_WorksAndNeverPrintsThePin()
    {
        var name = NewName();
        _signet.Environment["SIGNET_PKCS11_PIN"] = null;

        var create = await _signet.RunAsync("key", "create", $"{Uri(name)}&pin-value={SoftHsmFixture.Pin}");
        var show = await _signet.RunAsync("key", "show", $"{Uri(name)}&pin-value={SoftHsmFixture.Pin}", "--output", "json");

        Assert.True(create.ExitCode == 0, create.Output + create.Error);
        Assert.Contains($"--key {_hsm.KeyUri(name)}'", create.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SoftHsmFixture.Pin, create.Output + create.Error, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.Output + show.Error);
        Assert.DoesNotContain(SoftHsmFixture.Pin, show.Output + show.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vault", "ec-p256")]
    [InlineData("vault", "rsa-2048")]
    [InlineData("notation-jws", "ec-p256")]
    [InlineData("notation-cose", "ec-p384")]
    [InlineData("cosign", "ec-p256")]
    public async Task SignByTagThenVerify_TokenKeyEachFormat_SignsDigestAndExit0(string format, string algorithm)
    {
        var name = NewName();
        await CreateKeyAsync(name, algorithm);
        var (reference, digest) = await PushAsync($"hsm-{format}-{algorithm}");

        var sign = await _signet.RunAsync("sign", reference, "--key", Uri(name), "--format", format, "--output", "json");
        var verify = await _signet.RunAsync("verify", reference, "--trusted-key", Uri(name), "--output", "json");

        Assert.True(sign.ExitCode == 0, sign.Output + sign.Error);
        using (var json = JsonDocument.Parse(sign.Output))
        {
            Assert.Equal(digest, json.RootElement.GetProperty("digest").GetString());
            Assert.Equal(format, json.RootElement.GetProperty("format").GetString());
        }

        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        using (var json = JsonDocument.Parse(verify.Output))
        {
            Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal(digest, json.RootElement.GetProperty("digest").GetString());
            var signature = Assert.Single(json.RootElement.GetProperty("signatures").EnumerateArray());
            Assert.Equal(format, signature.GetProperty("format").GetString());
            Assert.Equal("VERIFIED", signature.GetProperty("code").GetString());
            var signer = signature.GetProperty("signer");
            if (format.StartsWith("notation", StringComparison.Ordinal))
            {
                // The leaf Signet issues for the token key's v1 (its CN is the key id made DN-safe, cut at 48 characters).
                Assert.StartsWith($"CN={NotationCertificates.DistinguishedNameValue(_hsm.KeyUri(name))} v1,", signer.GetProperty("certificateSubject").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(_hsm.KeyUri(name), signer.GetProperty("keyId").GetString());
                Assert.Equal("v1", signer.GetProperty("keyVersion").GetString());
            }
        }
    }

    [Fact]
    public async Task ModuleAndTokenFromEnvironment_ShortKeyIdSignsAndVerifiesAndKeyListShowsTokenKeys()
    {
        var name = NewName();
        await CreateKeyAsync(name, "ec-p256");
        var (reference, digest) = await PushAsync("hsm-env");
        _signet.Environment["SIGNET_PKCS11_MODULE"] = _hsm.ModulePath;
        _signet.Environment["SIGNET_PKCS11_TOKEN"] = _hsm.TokenLabel;

        // The id as signatures and policies record it: no module-path, no PIN.
        var sign = await _signet.RunAsync("sign", reference, "--key", _hsm.KeyUri(name), "--output", "json");
        var verify = await _signet.RunAsync("verify", reference, "--trusted-key", _hsm.KeyUri(name));
        var list = await _signet.RunAsync("key", "list", "--output", "json");

        Assert.True(sign.ExitCode == 0, sign.Output + sign.Error);
        using (var json = JsonDocument.Parse(sign.Output))
        {
            Assert.Equal(digest, json.RootElement.GetProperty("digest").GetString());
        }

        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.True(list.ExitCode == 0, list.Output + list.Error);
        using var keys = JsonDocument.Parse(list.Output);
        Assert.Contains(keys.RootElement.GetProperty("keys").EnumerateArray(), k => k.GetProperty("id").GetString() == _hsm.KeyUri(name));
    }

    [Fact]
    public async Task ShortKeyIdWithoutModuleEnvironment_Exit2NamingTheVariable()
    {
        var name = NewName();
        await CreateKeyAsync(name, "ec-p256");

        var show = await _signet.RunAsync("key", "show", _hsm.KeyUri(name));

        Assert.Equal(2, show.ExitCode);
        AssertOneErrorLine(show.Error, "PKCS11_MODULE_NOT_FOUND");
        Assert.Contains("SIGNET_PKCS11_MODULE", show.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateDisableEnable_OnToken_OldSignatureVerifiesThenFailsWithReasonThenVerifies()
    {
        var name = NewName();
        await CreateKeyAsync(name, "ec-p256");
        var (old, _) = await PushAsync("hsm-rotate-old");
        var (fresh, _) = await PushAsync("hsm-rotate-new");
        Assert.Equal(0, (await _signet.RunAsync("sign", old, "--key", Uri(name))).ExitCode);
        Assert.Equal(0, (await _signet.RunAsync("sign", old, "--key", Uri(name), "--format", "notation-jws")).ExitCode);

        var rotate = await _signet.RunAsync("key", "rotate", Uri(name));
        var signNew = await _signet.RunAsync("sign", fresh, "--key", Uri(name), "--output", "json");
        var verifyOld = await _signet.RunAsync("verify", old, "--trusted-key", Uri(name));
        var disable = await _signet.RunAsync("key", "disable", Uri(name), "--version", "v1");
        var show = await _signet.RunAsync("key", "show", Uri(name), "--output", "json");
        var verifyOldDisabled = await _signet.RunAsync("verify", old, "--trusted-key", Uri(name), "--output", "json");
        var verifyNew = await _signet.RunAsync("verify", fresh, "--trusted-key", Uri(name));
        var enable = await _signet.RunAsync("key", "enable", Uri(name), "--version", "v1");
        var verifyOldEnabled = await _signet.RunAsync("verify", old, "--trusted-key", Uri(name));

        Assert.True(rotate.ExitCode == 0, rotate.Output + rotate.Error);
        Assert.True(signNew.ExitCode == 0, signNew.Output + signNew.Error);
        using (var json = JsonDocument.Parse(signNew.Output))
        {
            Assert.Equal("v2", json.RootElement.GetProperty("signer").GetProperty("keyVersion").GetString());
        }

        Assert.True(verifyOld.ExitCode == 0, verifyOld.Output + verifyOld.Error);
        Assert.True(disable.ExitCode == 0, disable.Output + disable.Error);
        using (var json = JsonDocument.Parse(show.Output))
        {
            var states = json.RootElement.GetProperty("versions").EnumerateArray()
                .Select(v => (v.GetProperty("id").GetString(), v.GetProperty("state").GetString(), v.GetProperty("primary").GetBoolean()));
            Assert.Equal([("v1", "disabled", false), ("v2", "enabled", true)], states);
        }

        Assert.True(verifyOldDisabled.ExitCode == 1, verifyOldDisabled.Output + verifyOldDisabled.Error);
        using (var json = JsonDocument.Parse(verifyOldDisabled.Output))
        {
            // Neither the vault nor the Notary Project signature of the disabled version verifies.
            var codes = json.RootElement.GetProperty("signatures").EnumerateArray()
                .Select(v => (v.GetProperty("format").GetString(), v.GetProperty("valid").GetBoolean(), v.GetProperty("code").GetString()))
                .OrderBy(v => v.Item1, StringComparer.Ordinal);
            Assert.Equal([("notation-jws", false, "KEY_VERSION_DISABLED"), ("vault", false, "KEY_VERSION_DISABLED")], codes);
            Assert.Empty(json.RootElement.GetProperty("unverified").EnumerateArray());
        }

        Assert.True(verifyNew.ExitCode == 0, verifyNew.Output + verifyNew.Error);
        Assert.True(enable.ExitCode == 0, enable.Output + enable.Error);
        Assert.True(verifyOldEnabled.ExitCode == 0, verifyOldEnabled.Output + verifyOldEnabled.Error);
    }

    [Fact]
    public async Task KeyDisable_PrimaryVersionOnToken_Exit2NamingTheRule()
    {
        var name = NewName();
        await CreateKeyAsync(name, "ec-p256");

        var disable = await _signet.RunAsync("key", "disable", Uri(name), "--version", "v1");

        Assert.Equal(2, disable.ExitCode);
        AssertOneErrorLine(disable.Error, "KEY_VERSION_PRIMARY");
    }

    [Fact]
    public async Task Sign_WrongPin_Exit2NamingThePinAndNoSignaturePushed()
    {
        var name = NewName();
        await CreateKeyAsync(name, "ec-p256");
        var (reference, _) = await PushAsync("hsm-wrong-pin");
        _signet.Environment["SIGNET_PKCS11_PIN"] = "000000";

        var sign = await _signet.RunAsync("sign", reference, "--key", Uri(name));

        Assert.Equal(2, sign.ExitCode);
        AssertOneErrorLine(sign.Error, "PKCS11_WRONG_PIN");
        Assert.Contains("PIN", sign.Error, StringComparison.Ordinal);
        Assert.Contains("CKR_PIN_INCORRECT", sign.Error, StringComparison.Ordinal);
        Assert.Contains(_hsm.TokenLabel, sign.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("000000", sign.Error, StringComparison.Ordinal);
        _signet.Environment["SIGNET_PKCS11_PIN"] = SoftHsmFixture.Pin;
        var list = await _signet.RunAsync("signature", "list", reference, "-o", "json");
        Assert.True(list.ExitCode == 0, list.Output + list.Error);
        using var json = JsonDocument.Parse(list.Output);
        Assert.Equal(0, json.RootElement.GetProperty("signatures").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("unverified").GetArrayLength());
    }

    [Fact]
    public async Task KeyShow_NoPin_Exit2NamingTheVariable()
    {
        var name = NewName();
        await CreateKeyAsync(name, "ec-p256");
        _signet.Environment["SIGNET_PKCS11_PIN"] = null;

        var show = await _signet.RunAsync("key", "show", Uri(name));

        Assert.Equal(2, show.ExitCode);
        AssertOneErrorLine(show.Error, "PKCS11_WRONG_PIN");
        Assert.Contains("SIGNET_PKCS11_PIN", show.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("sign")]
    [InlineData("verify")]
    public async Task UnknownToken_Exit2NamingTheToken(string command)
    {
        var uri = $"pkcs11:token=no-such-token;object=release?module-path={SoftHsmEnvironment.ModulePath}";

        var result = await RunWithKeyAsync(command, uri, "hsm-no-token");

        Assert.Equal(2, result.ExitCode);
        AssertOneErrorLine(result.Error, "PKCS11_TOKEN_NOT_FOUND");
        Assert.Contains("'no-such-token'", result.Error, StringComparison.Ordinal);
        Assert.Contains(_hsm.TokenLabel, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", "?module-path=/nonexistent/libsignet-pkcs11.so", "/nonexistent/libsignet-pkcs11.so")]
    [InlineData("sign", "?module-path=/nonexistent/libsignet-pkcs11.so", "/nonexistent/libsignet-pkcs11.so")]
    [InlineData("verify", "?module-path=/nonexistent/libsignet-pkcs11.so", "/nonexistent/libsignet-pkcs11.so")]
    [InlineData("key", "?module-path=/etc/hostname", "/etc/hostname")]
    [InlineData("key", "", "module-path")]
    [InlineData("sign", "", "module-path")]
    public async Task MissingModule_Exit2NamingTheModule(string command, string query, string named)
    {
        var uri = _hsm.KeyUri("release") + query;

        var result = await RunWithKeyAsync(command, uri, "hsm-no-module");

        Assert.Equal(2, result.ExitCode);
        AssertOneErrorLine(result.Error, "PKCS11_MODULE_NOT_FOUND");
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ec-p256")]
    [InlineData("rsa-3072")]
    public async Task KeyExportPem_TokenKey_VerifiesCosignSignatureAsTrustedKeyFile(string algorithm)
    {
        var name = NewName();
        await CreateKeyAsync(name, algorithm);
        var (reference, _) = await PushAsync("hsm-pem-" + algorithm);
        var sign = await _signet.RunAsync("sign", reference, "--key", Uri(name), "--format", "cosign");
        Assert.True(sign.ExitCode == 0, sign.Output + sign.Error);

        var export = await _signet.RunAsync("key", "export", Uri(name), "--format", "pem");
        var pemFile = Path.Combine(_signet.Home, name + ".pub");
        await File.WriteAllTextAsync(pemFile, export.Output);
        var verify = await _signet.RunAsync("verify", reference, "--trusted-key", pemFile, "--output", "json");

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", export.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        using var json = JsonDocument.Parse(verify.Output);
        var signature = Assert.Single(json.RootElement.GetProperty("signatures").EnumerateArray());
        Assert.Equal("cosign", signature.GetProperty("format").GetString());
        Assert.Equal("VERIFIED", signature.GetProperty("code").GetString());
    }

    private static string NewName() => "cli-" + Guid.NewGuid().ToString("N")[..12];

    private static void AssertOneErrorLine(string error, string code)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains($"[{code}]", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>The key's URI with its module, as a user passes it to the CLI (the PIN comes from SIGNET_PKCS11_PIN).</summary>
    private string Uri(string name) => $"{_hsm.KeyUri(name)}?module-path={_hsm.ModulePath}";

    private async Task CreateKeyAsync(string name, string algorithm)
    {
        var create = await _signet.RunAsync("key", "create", Uri(name), "--algorithm", algorithm);
        Assert.True(create.ExitCode == 0, create.Output + create.Error);
    }

    private async Task<(string Reference, string Digest)> PushAsync(string repository)
    {
        repository += "-" + Guid.NewGuid().ToString("N")[..8];
        var image = await SampleImages.PushAsync(_registry.Repository(repository), "v1");
        return ($"{_registry.Host}/{repository}:v1", image.Digest.ToString());
    }

    private async Task<(int ExitCode, string Output, string Error)> RunWithKeyAsync(string command, string uri, string repository)
    {
        if (command == "key")
        {
            return await _signet.RunAsync("key", "show", uri);
        }

        var (reference, _) = await PushAsync(repository);
        return command == "sign"
            ? await _signet.RunAsync("sign", reference, "--key", uri)
            : await _signet.RunAsync("verify", reference, "--trusted-key", uri);
    }
}
