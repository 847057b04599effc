using System.Diagnostics;
using Signet.Testing;

namespace Signet.IntegrationTests.Cli;

/// <summary>
/// The scripts of <c>signet completion</c> loaded into real bash, fish and zsh, calling the built binary as
/// <c>signet</c> on PATH. zsh's completion builtins (compadd, _files, compdef) exist only inside a line editor, so the
/// zsh tests stand in for those three; everything else (the script, the binary, the vault) is real.
/// </summary>
public sealed class ShellCompletionTests : IDisposable
{
    private readonly SignetProcess _signet = new();

    // 'signet' on PATH, as an installed tool would be: the scripts call it by that name.
    private readonly TempDirectory _bin = new();

    public ShellCompletionTests() =>
        _bin.WriteExecutable("signet", $"#!/bin/sh\nexec dotnet '{SignetProcess.Assembly}' \"$@\"\n");

    public void Dispose()
    {
        _signet.Dispose();
        _bin.Dispose();
    }

    [Fact]
    public async Task Bash_KeyOption_OffersTheVaultsKeyNames()
    {
        await CreateKeysAsync("alpha", "beta");

        var output = await RunShellAsync("bash", "--norc", "--noprofile", "-c", BashComplete("signet sign registry.example/app:1 --key "));

        Assert.Equal(["alpha", "beta"], Lines(output));
    }

    [Fact]
    public async Task Bash_SubcommandPrefix_OffersOnlyMatchingCommands()
    {
        var output = await RunShellAsync("bash", "--norc", "--noprofile", "-c", BashComplete("signet sig"));

        Assert.Equal(["sign", "signature"], Lines(output));
    }

    [Fact]
    public async Task Bash_KeyVersionOption_OffersVersionsOfTheKeyGivenEarlier()
    {
        await CreateKeysAsync("rotating");
        Assert.Equal(0, (await _signet.RunAsync("key", "rotate", "rotating")).ExitCode);

        var output = await RunShellAsync("bash", "--norc", "--noprofile", "-c", BashComplete("signet key disable rotating --version "));

        Assert.Equal(["v1", "v2"], Lines(output));
    }

    [Fact]
    public async Task Fish_FormatOption_OffersTheFormats()
    {
        var output = await RunShellAsync("fish", "--no-config", "-c", "signet completion fish | source; complete -C 'signet sign img --format notation-'");

        Assert.Equal(["notation-cose", "notation-jws"], Lines(output));
    }

    [Fact]
    public async Task Fish_FileArgument_FallsBackToFileNames()
    {
        var directory = Path.Combine(_signet.Home, "manifests");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "policy.yaml"), "apiVersion: v1\n");

        var output = await RunShellAsync("fish", "--no-config", "-c", $"signet completion fish | source; complete -C 'signet policy check --policy {directory}/pol'");

        Assert.Equal([Path.Combine(directory, "policy.yaml")], Lines(output));
    }

    [Fact]
    public async Task Zsh_KeyOption_OffersTheVaultsKeyNames()
    {
        await CreateKeysAsync("alpha", "beta");

        var output = await RunShellAsync("zsh", "-f", "-c", ZshComplete("signet", "sign", "img", "--key", ""));

        Assert.Equal(["compadd alpha beta"], Lines(output));
    }

    [Fact]
    public async Task Zsh_NothingToOffer_FallsBackToFiles()
    {
        var output = await RunShellAsync("zsh", "-f", "-c", ZshComplete("signet", "policy", "check", "--policy", "/tmp/"));

        Assert.Equal(["_files"], Lines(output));
    }

    // Sets up what bash does before calling a completion function (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD).
    private static string BashComplete(string line) => $$"""
        set -e
        source <(signet completion bash)
        COMP_LINE='{{line}}'
        COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<< "$COMP_LINE"
        [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        _signet_completions
        printf '%s\n' "${COMPREPLY[@]}"
        """;

    // words/CURRENT as zsh's completion system sets them; compadd, _files and compdef print what they were given.
    private static string ZshComplete(params string[] words) => $$"""
        compdef() { : }
        compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -r -- "compadd $*" }
        _files() { print -r -- _files }
        source <(signet completion zsh)
        words=({{string.Join(' ', words.Select(w => $"'{w}'"))}})
        CURRENT={{words.Length}}
        _signet
        """;

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task CreateKeysAsync(params string[] names)
    {
        foreach (var name in names)
        {
            var created = await _signet.RunAsync("key", "create", name, "--algorithm", "ec-p256");
            Assert.True(created.ExitCode == 0, created.Error);
        }
    }

    private async Task<string> RunShellAsync(string shell, params string[] args)
    {
        var start = new ProcessStartInfo(BoundedProcess.FindExecutable(shell, shell));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = _bin.Path + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["SIGNET_HOME"] = _signet.Home;
        start.Environment["SIGNET_PASSPHRASE"] = SignetProcess.Passphrase;
        start.Environment["NO_COLOR"] = "1";
        var result = await BoundedProcess.RunAsync(start, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"{shell} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }
}
