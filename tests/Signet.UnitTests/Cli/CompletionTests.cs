using Signet.Cli.Commands.Completion;

namespace Signet.UnitTests.Cli;

/// <summary>What <c>signet __complete</c> offers for a command line, and the scripts of <c>signet completion</c>.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private IReadOnlyList<string> Complete(string line) => CompletionCommand.Complete(_cli.Context(), line, line.Length);

    [Fact]
    public void Complete_SubcommandPrefix_OffersOnlyCommandsStartingWithIt()
    {
        Assert.Equal(["sign", "signature"], Complete("signet sig").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Complete_AfterProgramName_OffersCommandsAndGlobalOptionsButNotTheHiddenOne()
    {
        var candidates = Complete("signet ");

        Assert.Contains("verify", candidates);
        Assert.Contains("completion", candidates);
        Assert.Contains("--output", candidates);
        Assert.DoesNotContain(CompletionCommand.CompleteCommandName, candidates);
        Assert.DoesNotContain("/?", candidates);
    }

    [Fact]
    public void Complete_ProgramInvokedByPath_CompletesTheSame()
    {
        Assert.Equal(["policy"], Complete("./bin/signet po"));
    }

    [Fact]
    public void Complete_CursorStillInProgramName_OffersNothing()
    {
        Assert.Empty(CompletionCommand.Complete(_cli.Context(), "signet sign", 3));
    }

    [Fact]
    public async Task Complete_KeyOption_OffersVaultKeyNamesStartingWithTheWord()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "alpha", "--algorithm", "ec-p256"));
        Assert.Equal(0, await _cli.RunAsync("key", "create", "beta", "--algorithm", "ec-p256"));
        Assert.Equal(0, await _cli.RunAsync("key", "create", "bravo", "--algorithm", "ec-p256"));

        Assert.Equal(["alpha", "beta", "bravo"], Complete("signet sign registry.example/app:1 --key "));
        Assert.Equal(["beta", "bravo"], Complete("signet verify registry.example/app:1 --trusted-key b"));
        Assert.Equal(["alpha"], Complete("signet key show al"));
    }

    [Fact]
    public async Task Complete_KeyVersionOption_OffersVersionsOfTheKeyNamedEarlier()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "rot", "--algorithm", "ec-p256"));
        Assert.Equal(0, await _cli.RunAsync("key", "rotate", "rot"));

        Assert.Equal(["v1", "v2"], Complete("signet sign img --key rot --key-version "));
        Assert.Equal(["v1", "v2"], Complete("signet key enable rot --version "));
        Assert.Empty(Complete("signet key enable missing --version "));
    }

    [Fact]
    public void Complete_AllowedValues_OffersThemIncludingAfterEqualsSign()
    {
        Assert.Equal(["notation-cose", "notation-jws"], Complete("signet sign img --format notation-").Order(StringComparer.Ordinal));
        Assert.Equal(["json"], Complete("signet key list --output=j"));
    }

    [Fact]
    public void Complete_KeyStoreUnreadable_OffersNoKeyAndWritesNothing()
    {
        // The key directory is a file: listing fails, and completion must stay silent.
        File.WriteAllText(Path.Combine(_cli.Home, "keys"), "not a directory");

        var candidates = Complete("signet sign img --key ");

        Assert.Empty(candidates);
        Assert.Empty(_cli.Error.Output);
    }

    [Fact]
    public async Task CompleteCommand_Line_PrintsOneCandidatePerLine()
    {
        const string line = "signet sign img --format co";

        Assert.Equal(0, await _cli.RunAsync(CompletionCommand.CompleteCommandName, line.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), line));

        Assert.Equal("cosign\n", _cli.Out.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bash", "complete -F")]
    [InlineData("zsh", "compdef _signet signet")]
    [InlineData("fish", "complete -c signet")]
    [InlineData("pwsh", "Register-ArgumentCompleter")]
    public async Task Completion_EachShell_PrintsScriptCallingTheHiddenCommand(string shell, string registration)
    {
        Assert.Equal(0, await _cli.RunAsync("completion", shell));

        Assert.Contains(registration, _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains(CompletionCommand.CompleteCommandName, _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_UnknownShell_Exit2NamingTheChoices()
    {
        Assert.Equal(2, await _cli.RunAsync("completion", "tcsh"));

        Assert.Contains("USAGE", _cli.Error.Output, StringComparison.Ordinal);
        Assert.Contains("bash", _cli.Error.Output, StringComparison.Ordinal);
    }
}
