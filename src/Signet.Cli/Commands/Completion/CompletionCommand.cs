using System.CommandLine;
using Signet.Cli.Hosting;

namespace Signet.Cli.Commands.Completion;

/// <summary>
/// <c>signet completion bash|zsh|fish|pwsh</c> prints the shell's completion script; the hidden
/// <c>signet __complete &lt;position&gt; &lt;line&gt;</c> answers the script with one candidate per line.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>The hidden command the scripts call.</summary>
    public const string CompleteCommandName = "__complete";

    private static readonly Argument<string> s_shell = new Argument<string>("shell")
    {
        Description = "The shell: bash, zsh, fish or pwsh.",
    }.AcceptOnlyFromAmong(ShellScripts.Shells);

    private static readonly Argument<int> s_position = new("position")
    {
        Description = "The cursor's offset in the line.",
    };

    private static readonly Argument<string> s_line = new("line")
    {
        Description = "The command line being typed, starting with the program name.",
    };

    /// <summary>The visible <c>completion</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("completion", "Print a shell completion script (bash: source <(signet completion bash); fish: signet completion fish | source).")
        {
            s_shell,
        };
        command.SetAction(parseResult =>
        {
            var writer = context.Out.Profile.Out.Writer;
            writer.Write(ShellScripts.For(parseResult.GetRequiredValue(s_shell)));
            writer.Flush();
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The hidden <c>__complete</c> command.</summary>
    public static Command CreateComplete(CliContext context)
    {
        var command = new Command(CompleteCommandName, "Print the completions of a command line (used by the completion scripts).")
        {
            s_position,
            s_line,
        };
        command.Hidden = true;
        command.SetAction(parseResult =>
        {
            var writer = context.Out.Profile.Out.Writer;
            foreach (var candidate in Complete(context, parseResult.GetRequiredValue(s_line), parseResult.GetValue(s_position)))
            {
                writer.WriteLine(candidate);
            }

            writer.Flush();
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The candidates for the word at <paramref name="position"/> of <paramref name="line"/>, the program name first.</summary>
    public static IReadOnlyList<string> Complete(CliContext context, string line, int position)
    {
        // Only what is left of the cursor matters, and the program word may be 'signet', './signet' or a full path.
        var typed = line[..Math.Clamp(position, 0, line.Length)].TrimStart();
        var programEnd = typed.IndexOfAny([' ', '\t']);
        if (programEnd < 0)
        {
            return [];
        }

        var arguments = SplitOptionValue(typed[(programEnd + 1)..]);
        IEnumerable<string> labels;
        string word;
        try
        {
            var parseResult = SignetCommandLine.Create(context).Parse(arguments);
            word = parseResult.GetCompletionContext().WordToComplete;
            labels = parseResult.GetCompletions(arguments.Length).Select(item => item.Label).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // System.CommandLine 2.0.0 throws on some half-typed lines; a completion offers nothing rather than print a
            // stack trace into the user's command line.
            return [];
        }

        return labels

            // System.CommandLine also offers names that merely contain the word; a shell completes prefixes.
            .Where(label => label.StartsWith(word, StringComparison.Ordinal))

            // The Windows-style help aliases (/?, /h, -?) only add noise to a Unix shell's list.
            .Where(label => label.Length > 0 && label[0] != '/' && label != "-?")
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    // "--output=json" is parsed as "--output json": System.CommandLine 2.0.0 cannot complete after an '=' form (it
    // throws), and bash splits the word at '=' anyway, so the candidate "json" replaces just what follows it.
    private static string SplitOptionValue(string arguments)
    {
        var words = arguments.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var separator = words[i].IndexOf('=', StringComparison.Ordinal);
            if (words[i].StartsWith('-') && separator > 1 && words[i].IndexOfAny(['"', '\'']) is var quote && (quote < 0 || quote > separator))
            {
                words[i] = string.Concat(words[i].AsSpan(0, separator), " ", words[i].AsSpan(separator + 1));
            }
        }

        return string.Join(' ', words);
    }
}
