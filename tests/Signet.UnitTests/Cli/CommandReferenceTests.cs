using Signet.Cli;

namespace Signet.UnitTests.Cli;

public sealed class CommandReferenceTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void CliReference_CommittedFile_MatchesTheCommandTree()
    {
        var rendered = CommandReference.Render(SignetCommandLine.Create(_cli.Context()));
        var path = Path.Combine(CliSchema.RepositoryRoot(), "docs", "cli.md");

        // SIGNET_UPDATE_DOCS=1 rewrites the file; review the diff and commit it.
        if (Environment.GetEnvironmentVariable("SIGNET_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, rendered);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with SIGNET_UPDATE_DOCS=1 to write it.");
        Assert.Equal(rendered, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CommandTree_ContractNames_ArePresent()
    {
        var rendered = CommandReference.Render(SignetCommandLine.Create(_cli.Context()));
        foreach (var command in new[]
        {
            "signet key create", "signet key list", "signet key show", "signet key rotate", "signet key disable", "signet key enable", "signet key export",
            "signet sign", "signet verify", "signet signature list", "signet signature inspect",
            "signet policy check", "signet policy import", "signet policy validate", "signet serve", "signet quickstart",
        })
        {
            Assert.Contains($"## {command}\n", rendered, StringComparison.Ordinal);
        }
    }
}
