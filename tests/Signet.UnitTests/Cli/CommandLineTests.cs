namespace Signet.UnitTests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("key", "create", "k", "--algorithm", "dsa-1024")]
    [InlineData("key", "list", "--no-such-option")]
    [InlineData("key", "disable", "k")]
    [InlineData("--output", "yaml", "key", "list")]
    public async Task Parse_BadUsage_Exit2WithOneUsageLine(params string[] args)
    {
        Assert.Equal(2, await _cli.RunAsync(args));
        var line = Assert.Single(_cli.Error.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("[USAGE] hint: Run 'signet", line, StringComparison.Ordinal);
        Assert.Empty(_cli.Out.Output);
    }

    [Fact]
    public async Task Parse_UnknownSubcommand_HintNamesTheParentCommand()
    {
        Assert.Equal(2, await _cli.RunAsync("key", "explode"));
        Assert.Contains("Run 'signet key --help'", _cli.Error.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsCommandsAndExits0()
    {
        Assert.Equal(0, await _cli.RunAsync("--help"));
        Assert.Contains("key", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains("--output", _cli.Out.Output, StringComparison.Ordinal);
    }
}
