using Microsoft.Extensions.Time.Testing;
using Signet.Cli;
using Signet.Cli.Hosting;
using Spectre.Console.Testing;

namespace Signet.UnitTests.Cli;

/// <summary>Runs <c>signet</c> command lines in-process over TestConsoles, a temporary SIGNET_HOME and a fake environment.</summary>
internal sealed class CliHarness : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public CliHarness()
    {
        Home = Path.Combine(Path.GetTempPath(), "signet-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        _environment[CliContext.HomeVariable] = Home;
        _environment[CliContext.PassphraseVariable] = Passphrase;
    }

    public string Home { get; }

    public TestConsole Out { get; private set; } = new();

    public TestConsole Error { get; private set; } = new();

    public string StandardInput { get; set; } = "";

    /// <summary>When true, standard error behaves as a terminal (interactive, ANSI): live progress may be drawn there.</summary>
    public bool ErrorIsTerminal { get; set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void SetEnvironment(string name, string? value)
    {
        if (value is null)
        {
            _environment.Remove(name);
        }
        else
        {
            _environment[name] = value;
        }
    }

    public CliContext Context()
    {
        Out = new TestConsole();
        Out.Profile.Width = 4096;
        Error = new TestConsole();
        Error.Profile.Width = 4096;
        if (ErrorIsTerminal)
        {
            Error.Interactive();
            Error.EmitAnsiSequences = true;
            Error.Profile.Capabilities.Ansi = true;
        }

        return new CliContext(Out, Error, new StringReader(StandardInput), n => _environment.GetValueOrDefault(n), isInteractive: false, Time);
    }

    public async Task<int> RunAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await SignetCommandLine.InvokeAsync(Context(), args, timeout.Token);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
