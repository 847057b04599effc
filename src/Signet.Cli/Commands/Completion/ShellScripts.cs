namespace Signet.Cli.Commands.Completion;

/// <summary>
/// The completion scripts <c>signet completion &lt;shell&gt;</c> prints. Each hands the line up to the cursor to
/// <c>signet __complete</c>, which parses it with the real command tree, so commands, options, allowed values and key
/// names never drift from the binary; when nothing is offered the shell falls back to file names.
/// </summary>
internal static class ShellScripts
{
    /// <summary>The shells with a script.</summary>
    public static readonly string[] Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <summary>The script for <paramref name="shell"/> (one of <see cref="Shells"/>).</summary>
    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => PowerShell,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "Not a supported shell."),
    };

    /// <summary>bash: <c>source &lt;(signet completion bash)</c>.</summary>
    private const string Bash = """
        # signet completion for bash. Load it with:  source <(signet completion bash)
        _signet_completions() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" __complete "${#line}" "$line" 2>/dev/null) || return 0
            COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
            if [[ ${#COMPREPLY[@]} -eq 0 ]]; then
                compopt -o default 2>/dev/null
            fi
        }
        complete -F _signet_completions signet

        """;

    /// <summary>zsh: <c>source &lt;(signet completion zsh)</c> after compinit.</summary>
    private const string Zsh = """
        #compdef signet
        # signet completion for zsh. Load it with:  source <(signet completion zsh)   (after compinit)
        _signet() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$(${words[1]} __complete ${#line} "$line" 2>/dev/null)}")
            candidates=(${candidates:#})
            if (( ${#candidates} )); then
                compadd -Q -- "${candidates[@]}"
            else
                _files
            fi
        }
        compdef _signet signet

        """;

    /// <summary>fish: <c>signet completion fish | source</c>.</summary>
    private const string Fish = """
        # signet completion for fish. Load it with:  signet completion fish | source
        function __signet_complete
            set -l line (commandline -cp)
            set -l candidates (signet __complete (string length -- "$line") "$line" 2>/dev/null)
            if test (count $candidates) -gt 0
                printf '%s\n' $candidates
            else
                __fish_complete_path (commandline -ct)
            end
        end
        complete -c signet -f -a '(__signet_complete)'

        """;

    /// <summary>PowerShell: <c>signet completion pwsh | Out-String | Invoke-Expression</c>.</summary>
    private const string PowerShell = """
        # signet completion for PowerShell. Load it with:  signet completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName signet -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            if ($position -gt $line.Length) { $line = $line.PadRight($position) }
            signet __complete $position $line 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
