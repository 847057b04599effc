using System.Text.Json;
using Signet.Core.Layout;
using Signet.Testing.Registry;

namespace Signet.UnitTests.Cli;

/// <summary>sign, verify and signature list over oci-layout references and the embedded local registry (temp files only).</summary>
public sealed class ImageCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string> PushLayoutImageAsync(string name)
    {
        var directory = Path.Combine(_cli.Home, name);
        var image = await SampleImages.PushAsync(new OciLayoutStore(directory), "v1");
        return $"oci-layout:{directory}@{image.Digest}";
    }

    [Theory]
    [InlineData("vault")]
    [InlineData("notation-jws")]
    [InlineData("notation-cose")]
    [InlineData("cosign")]
    public async Task SignThenVerify_EachFormat_VerifiedWithTrustedKeyAndSchemaValid(string format)
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release"));
        var reference = await PushLayoutImageAsync("app-" + format);

        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "release", "--format", format, "-o", "json"));
        CliSchema.AssertValid("sign", _cli.Out.Output);
        using (var signed = JsonDocument.Parse(_cli.Out.Output))
        {
            Assert.Equal(format, signed.RootElement.GetProperty("format").GetString());
        }

        Assert.Equal(0, await _cli.RunAsync("verify", reference, "--trusted-key", "release", "-o", "json"));
        CliSchema.AssertValid("verify", _cli.Out.Output);
        using var verified = JsonDocument.Parse(_cli.Out.Output);
        Assert.True(verified.RootElement.GetProperty("verified").GetBoolean());
        Assert.Contains(verified.RootElement.GetProperty("signatures").EnumerateArray(), s => s.GetProperty("valid").GetBoolean() && s.GetProperty("format").GetString() == format);
    }

    [Fact]
    public async Task Verify_UnsignedImage_Exit1WithSignatureNotFound()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release"));
        var reference = await PushLayoutImageAsync("unsigned");

        Assert.Equal(1, await _cli.RunAsync("verify", reference, "--trusted-key", "release"));
        Assert.Contains("SIGNATURE_NOT_FOUND", _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignedByAnotherKey_Exit1()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "mine"));
        Assert.Equal(0, await _cli.RunAsync("key", "create", "theirs"));
        var reference = await PushLayoutImageAsync("other");
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "theirs"));

        Assert.Equal(1, await _cli.RunAsync("verify", reference, "--trusted-key", "mine", "-o", "json"));
        using var json = JsonDocument.Parse(_cli.Out.Output);
        Assert.False(json.RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task RotateAndDisable_OldSignature_VerifiesAfterRotationAndFailsWhenItsVersionIsDisabled()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "rot"));
        var reference = await PushLayoutImageAsync("rotated");
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "rot"));
        Assert.Equal(0, await _cli.RunAsync("key", "rotate", "rot"));

        Assert.Equal(0, await _cli.RunAsync("verify", reference, "--trusted-key", "rot"));

        Assert.Equal(0, await _cli.RunAsync("key", "disable", "rot", "--version", "v1"));
        Assert.Equal(1, await _cli.RunAsync("verify", reference, "--trusted-key", "rot", "-o", "json"));
        using var json = JsonDocument.Parse(_cli.Out.Output);
        var signature = Assert.Single(json.RootElement.GetProperty("signatures").EnumerateArray());
        Assert.Equal("KEY_VERSION_DISABLED", signature.GetProperty("code").GetString());
        Assert.Contains("v1", signature.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cosign", "SIGNATURE_INVALID")]
    [InlineData("notation-jws", "KEY_NOT_TRUSTED")]
    public async Task Verify_SignedByAnotherKeyWithADisabledVersionTrusted_NotReportedAsDisabled(string format, string code)
    {
        // The trusted key has a disabled version that signed in this format; a stranger's signature must not be
        // explained as that version's.
        Assert.Equal(0, await _cli.RunAsync("key", "create", "mine"));
        Assert.Equal(0, await _cli.RunAsync("sign", await PushLayoutImageAsync("mine-" + format), "--key", "mine", "--format", format));
        Assert.Equal(0, await _cli.RunAsync("key", "rotate", "mine"));
        Assert.Equal(0, await _cli.RunAsync("key", "disable", "mine", "--version", "v1"));
        Assert.Equal(0, await _cli.RunAsync("key", "create", "theirs"));
        var reference = await PushLayoutImageAsync("stranger-" + format);
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "theirs", "--format", format));

        Assert.Equal(1, await _cli.RunAsync("verify", reference, "--trusted-key", "mine", "-o", "json"));

        using var json = JsonDocument.Parse(_cli.Out.Output);
        Assert.Equal(code, Assert.Single(json.RootElement.GetProperty("signatures").EnumerateArray()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("notation-jws")]
    [InlineData("notation-cose")]
    [InlineData("cosign")]
    public async Task DisableVersion_SignatureInOtherFormats_FailsThenVerifiesWhenEnabledAgain(string format)
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "rot"));
        var reference = await PushLayoutImageAsync("rotated-" + format);
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "rot", "--format", format));
        Assert.Equal(0, await _cli.RunAsync("key", "rotate", "rot"));
        Assert.Equal(0, await _cli.RunAsync("key", "disable", "rot", "--version", "v1"));

        var disabled = await _cli.RunAsync("verify", reference, "--trusted-key", "rot", "-o", "json");
        using (var json = JsonDocument.Parse(_cli.Out.Output))
        {
            Assert.False(json.RootElement.GetProperty("verified").GetBoolean());
            var signature = Assert.Single(json.RootElement.GetProperty("signatures").EnumerateArray());
            Assert.False(signature.GetProperty("valid").GetBoolean());
            // Every format's failure names the version, as the vault signature's does.
            Assert.Equal("KEY_VERSION_DISABLED", signature.GetProperty("code").GetString());
            Assert.Contains("version v1, which is disabled", signature.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("v1", signature.GetProperty("signer").GetProperty("keyVersion").GetString());
        }

        Assert.Equal(1, disabled);
        Assert.Equal(0, await _cli.RunAsync("key", "enable", "rot", "--version", "v1"));
        Assert.Equal(0, await _cli.RunAsync("verify", reference, "--trusted-key", "rot"));
    }

    [Fact]
    public async Task SignatureList_TwoFormats_ListsBothWithSigner()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "lister"));
        var reference = await PushLayoutImageAsync("listed");
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "lister"));
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "lister", "--format", "notation-jws"));

        Assert.Equal(0, await _cli.RunAsync("signature", "list", reference));
        Assert.Contains("vault", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains("notation-jws", _cli.Out.Output, StringComparison.Ordinal);

        Assert.Equal(0, await _cli.RunAsync("signature", "list", reference, "-o", "json"));
        CliSchema.AssertValid("verify", _cli.Out.Output);
        using var json = JsonDocument.Parse(_cli.Out.Output);
        Assert.Equal(2, json.RootElement.GetProperty("signatures").GetArrayLength());
        var digest = json.RootElement.GetProperty("signatures")[0].GetProperty("signatureDigest").GetString()!;

        Assert.Equal(0, await _cli.RunAsync("signature", "inspect", reference, "--signature", digest, "-o", "json"));
        using var one = JsonDocument.Parse(_cli.Out.Output);
        Assert.Single(one.RootElement.GetProperty("signatures").EnumerateArray());
    }

    [Theory]
    [InlineData("not a reference!")]
    [InlineData("oci-layout:")]
    public async Task Sign_BadReference_Exit2OneLine(string reference)
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "k"));
        Assert.Equal(2, await _cli.RunAsync("sign", reference, "--key", "k"));
        var line = Assert.Single(_cli.Error.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_BadMetadata_Exit2AndNothingStored()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "k"));
        var reference = await PushLayoutImageAsync("meta");
        var blobs = Directory.GetFiles(Path.Combine(_cli.Home, "meta"), "*", SearchOption.AllDirectories).Length;

        Assert.Equal(2, await _cli.RunAsync("sign", reference, "--key", "k", "--metadata", "[1,2]"));

        Assert.Contains("--metadata", _cli.Error.Output, StringComparison.Ordinal);
        Assert.Equal(blobs, Directory.GetFiles(Path.Combine(_cli.Home, "meta"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Verify_NeitherTrustedKeyNorPolicy_UsageExit2()
    {
        Assert.Equal(2, await _cli.RunAsync("verify", "oci-layout:/nowhere:v1"));
        Assert.Contains("--trusted-key", _cli.Error.Output, StringComparison.Ordinal);
    }
}
