using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Cli;

/// <summary>The built signet binary as a process, against a real docker-registry on 127.0.0.1.</summary>
public sealed class CliEndToEndTests(RegistryFixture registry) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly SignetProcess _signet = new();

    public void Dispose() => _signet.Dispose();

    private async Task<string> PushAsync(string repository)
    {
        var image = await SampleImages.PushAsync(registry.Repository(repository), "v1");
        Assert.NotEqual(default, image.Digest);
        return $"{registry.Host}/{repository}:v1";
    }

    [Theory]
    [InlineData("vault")]
    [InlineData("notation-jws")]
    [InlineData("notation-cose")]
    [InlineData("cosign")]
    public async Task SignByTagThenVerify_EachFormatInRegistry_Exit0AndSignedTheDigest(string format)
    {
        Assert.Equal(0, (await _signet.RunAsync("key", "create", "ci", "--algorithm", "rsa-3072")).ExitCode);
        var reference = await PushAsync("e2e/" + format);
        var digest = (await registry.Repository("e2e/" + format).ResolveAsync("v1")).Digest.ToString();

        var sign = await _signet.RunAsync("sign", reference, "--key", "ci", "--format", format, "--output", "json");
        Assert.True(sign.ExitCode == 0, sign.Error);
        using (var json = JsonDocument.Parse(sign.Output))
        {
            Assert.Equal(digest, json.RootElement.GetProperty("digest").GetString());
        }

        var verify = await _signet.RunAsync("verify", reference, "--trusted-key", "ci");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("verified", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithExportedPemKey_VerifiesCosignSignature()
    {
        Assert.Equal(0, (await _signet.RunAsync("key", "create", "pem")).ExitCode);
        var reference = await PushAsync("e2e/pem");
        Assert.Equal(0, (await _signet.RunAsync("sign", reference, "--key", "pem", "--format", "cosign")).ExitCode);
        var export = await _signet.RunAsync("key", "export", "pem");
        var pemFile = Path.Combine(_signet.Home, "pem.pub");
        await File.WriteAllTextAsync(pemFile, export.Output);

        var verify = await _signet.RunAsync("verify", reference, "--trusted-key", pemFile);

        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    [Fact]
    public async Task RotateThenDisable_OldSignature_VerifiesThenFailsWithReason()
    {
        Assert.Equal(0, (await _signet.RunAsync("key", "create", "rot")).ExitCode);
        var reference = await PushAsync("e2e/rotate");
        Assert.Equal(0, (await _signet.RunAsync("sign", reference, "--key", "rot")).ExitCode);
        Assert.Equal(0, (await _signet.RunAsync("key", "rotate", "rot")).ExitCode);
        Assert.Equal(0, (await _signet.RunAsync("verify", reference, "--trusted-key", "rot")).ExitCode);

        Assert.Equal(0, (await _signet.RunAsync("key", "disable", "rot", "--version", "v1")).ExitCode);
        var verify = await _signet.RunAsync("verify", reference, "--trusted-key", "rot");

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("KEY_VERSION_DISABLED", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_WithPasswordStdinAndUsername_UsesThemAndSucceeds()
    {
        Assert.Equal(0, (await _signet.RunAsync("key", "create", "login")).ExitCode);
        var reference = await PushAsync("e2e/login");

        var sign = await _signet.RunWithInputAsync("anything-ignored-by-an-anonymous-registry\n", "sign", reference, "--key", "login", "--username", "ci", "--password-stdin");

        Assert.True(sign.ExitCode == 0, sign.Error);
    }

    [Fact]
    public async Task Sign_RegistryDown_Exit2WithOneLine()
    {
        Assert.Equal(0, (await _signet.RunAsync("key", "create", "down")).ExitCode);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var sign = await _signet.RunAsync("sign", $"127.0.0.1:{port}/nothing/here:v1", "--key", "down");

        Assert.Equal(2, sign.ExitCode);
        var line = Assert.Single(sign.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", sign.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_WrongPassphraseValueExit2AndNoSignaturePushed()
    {
        Assert.Equal(0, (await _signet.RunAsync("key", "create", "secret")).ExitCode);
        var reference = await PushAsync("e2e/wrongpass");
        _signet.PassphraseValue = "wrong";

        var sign = await _signet.RunAsync("sign", reference, "--key", "secret");

        Assert.Equal(2, sign.ExitCode);
        Assert.Contains("WRONG_PASSPHRASE", sign.Error, StringComparison.Ordinal);
        _signet.PassphraseValue = SignetProcess.Passphrase;
        var list = await _signet.RunAsync("signature", "list", reference, "-o", "json");
        using var json = JsonDocument.Parse(list.Output);
        Assert.Equal(0, json.RootElement.GetProperty("signatures").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("unverified").GetArrayLength());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("sign", "x")]
    [InlineData("verify", "UPPER:case@bad", "--trusted-key", "k")]
    public async Task BadInvocation_Exit2WithOneLineAndNoStackTrace(params string[] args)
    {
        var result = await _signet.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quickstart_NoServe_SignsVerifiesAndShowsAllowedAndDenied()
    {
        _signet.PassphraseValue = null;
        var result = await _signet.RunAsync("quickstart", "--no-serve", "--listen", "https://127.0.0.1:0");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Pod signed-app   -> allowed", result.Output, StringComparison.Ordinal);
        Assert.Contains("Pod unsigned-app -> denied [SIGNATURE_NOT_FOUND]", result.Output, StringComparison.Ordinal);
        var passphraseFile = Path.Combine(_signet.Home, "quickstart", "passphrase");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passphraseFile));
        }

        // A second run reuses the key and its stored passphrase.
        var again = await _signet.RunAsync("quickstart", "--no-serve", "--listen", "https://127.0.0.1:0");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
    }

    [Fact]
    public async Task Quickstart_WithRegistry_PushesThereAndAdmitsTheSignedImage()
    {
        var result = await _signet.RunAsync("quickstart", "--no-serve", "--listen", "https://127.0.0.1:0", "--registry", registry.Host);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.NotNull(await registry.Repository("signet/quickstart").TryResolveAsync("signed"));
    }
}
