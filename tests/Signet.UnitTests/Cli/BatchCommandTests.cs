using System.Text.Json;
using Signet.Core.Layout;
using Signet.Testing.Registry;

namespace Signet.UnitTests.Cli;

/// <summary><c>sign</c> and <c>verify</c> over several images: order, per-image failures, exit codes, progress on standard error.</summary>
public sealed class BatchCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string> PushLayoutImageAsync(string name, string tag = "v1")
    {
        var directory = Path.Combine(_cli.Home, name);
        var image = await SampleImages.PushAsync(new OciLayoutStore(directory), tag);
        return $"oci-layout:{directory}@{image.Digest}";
    }

    // One signed image and a reference to a layout that does not exist.
    private async Task<(string Signed, string Missing)> SignedAndMissingAsync()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var signed = await PushLayoutImageAsync("signed");
        Assert.Equal(0, await _cli.RunAsync("sign", signed, "--key", "release"));
        return (signed, $"oci-layout:{Path.Combine(_cli.Home, "nowhere")}:v1");
    }

    private async Task<string[]> PushImagesAsync(int count)
    {
        var references = new string[count];
        for (var i = 0; i < count; i++)
        {
            references[i] = await PushLayoutImageAsync($"app-{i}");
        }

        return references;
    }

    [Fact]
    public async Task Sign_SeveralImages_JsonListsEachInOrderAndIsSchemaValid()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var references = await PushImagesAsync(3);

        Assert.Equal(0, await _cli.RunAsync(["sign", .. references, "--key", "release", "-o", "json"]));

        CliSchema.AssertValid("signBatch", _cli.Out.Output);
        using var document = JsonDocument.Parse(_cli.Out.Output);
        var images = document.RootElement.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("digest").GetString()).ToArray();
        Assert.Equal(references.Select(r => r[(r.LastIndexOf('@') + 1)..]), images);
        Assert.Empty(document.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Sign_SameReferenceTwice_SignsItOnce()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var reference = await PushLayoutImageAsync("once");

        Assert.Equal(0, await _cli.RunAsync("sign", reference, reference, "--key", "release", "-o", "json"));

        CliSchema.AssertValid("sign", _cli.Out.Output);
        Assert.Equal(0, await _cli.RunAsync("signature", "list", reference, "-o", "json"));
        using var listed = JsonDocument.Parse(_cli.Out.Output);
        Assert.Single(listed.RootElement.GetProperty("signatures").EnumerateArray());
    }

    [Fact]
    public async Task Verify_SeveralImagesOneUnsigned_Exit1AndSummaryCountsVerified()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var references = await PushImagesAsync(3);
        Assert.Equal(0, await _cli.RunAsync("sign", references[0], references[2], "--key", "release"));

        Assert.Equal(1, await _cli.RunAsync(["verify", .. references, "--trusted-key", "release"]));

        Assert.Contains("2 of 3 image(s) verified.", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains("SIGNATURE_NOT_FOUND", _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SeveralImagesOneUnreadable_Exit2NamingItWhileOthersAreAnswered()
    {
        var (signed, missing) = await SignedAndMissingAsync();

        Assert.Equal(2, await _cli.RunAsync("verify", signed, missing, "--trusted-key", "release", "-o", "json"));

        CliSchema.AssertValid("verifyBatch", _cli.Out.Output);
        using var document = JsonDocument.Parse(_cli.Out.Output);
        Assert.False(document.RootElement.GetProperty("verified").GetBoolean());
        Assert.True(Assert.Single(document.RootElement.GetProperty("images").EnumerateArray()).GetProperty("verified").GetBoolean());
        var error = Assert.Single(document.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(missing, error.GetProperty("image").GetString());
    }

    [Fact]
    public async Task Verify_SeveralImagesOneUnreadableText_ErrorLineNamesTheImage()
    {
        var (signed, missing) = await SignedAndMissingAsync();

        Assert.Equal(2, await _cli.RunAsync("verify", signed, missing, "--trusted-key", "release"));

        var line = Assert.Single(_cli.Error.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {missing}: ", line, StringComparison.Ordinal);
        Assert.Contains("verified", _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SeveralImagesOnTerminal_DrawsProgressOnStandardErrorAndKeepsJsonClean()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var references = await PushImagesAsync(3);
        Assert.Equal(0, await _cli.RunAsync(["sign", .. references, "--key", "release"]));
        _cli.ErrorIsTerminal = true;

        Assert.Equal(0, await _cli.RunAsync(["verify", .. references, "--trusted-key", "release", "-o", "json"]));

        Assert.Contains("Verifying 3/3", _cli.Error.Output, StringComparison.Ordinal);
        CliSchema.AssertValid("verifyBatch", _cli.Out.Output);
    }

    [Fact]
    public async Task Verify_OneImageOnTerminal_DrawsNoProgress()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var reference = await PushLayoutImageAsync("single");
        Assert.Equal(0, await _cli.RunAsync("sign", reference, "--key", "release"));
        _cli.ErrorIsTerminal = true;

        Assert.Equal(0, await _cli.RunAsync("verify", reference, "--trusted-key", "release", "-o", "json"));

        Assert.Empty(_cli.Error.Output);
        CliSchema.AssertValid("verify", _cli.Out.Output);
    }

    [Fact]
    public async Task Verify_SeveralImagesNotOnTerminal_DrawsNoProgress()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "release", "--algorithm", "ec-p256"));
        var references = await PushImagesAsync(2);
        Assert.Equal(0, await _cli.RunAsync(["sign", .. references, "--key", "release"]));

        Assert.Equal(0, await _cli.RunAsync(["verify", .. references, "--trusted-key", "release"]));

        Assert.Empty(_cli.Error.Output);
        Assert.Contains("All 2 image(s) verified.", _cli.Out.Output, StringComparison.Ordinal);
    }
}
