using Spectre.Console;

namespace Signet.Cli.Hosting;

/// <summary>The <see cref="CliContext"/> of the real process: its standard streams, environment and terminal.</summary>
internal static class ProcessContext
{
    /// <summary>Builds the context; colour is off under NO_COLOR (https://no-color.org) and when not writing to a TTY.</summary>
    public static CliContext Create()
    {
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var output = CreateConsole(Console.Out, Console.IsOutputRedirected, noColor);
        var error = CreateConsole(Console.Error, Console.IsErrorRedirected, noColor);
        var interactive = !Console.IsInputRedirected && !Console.IsErrorRedirected;
        return new CliContext(output, error, Console.In, Environment.GetEnvironmentVariable, interactive, TimeProvider.System);
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected || noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });

        // A pipe has no width; Spectre would assume 80 columns and wrap digests and messages mid-line.
        if (redirected)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }
}
