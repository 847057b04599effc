using Spectre.Console;

namespace Signet.Cli.Hosting;

/// <summary>
/// What every command runs against: the two consoles, standard input, the environment and SIGNET_HOME. Tests build
/// one over Spectre's TestConsole and a dictionary; Program builds one over the real process.
/// </summary>
internal sealed class CliContext
{
    /// <summary>The environment variable naming Signet's home directory.</summary>
    public const string HomeVariable = "SIGNET_HOME";

    /// <summary>The environment variable holding the embedded key store's passphrase.</summary>
    public const string PassphraseVariable = "SIGNET_PASSPHRASE";

    /// <summary>The environment variable naming the PKCS#11 module for <c>pkcs11:</c> keys whose URI names none.</summary>
    public const string Pkcs11ModuleVariable = "SIGNET_PKCS11_MODULE";

    /// <summary>The environment variable naming the default PKCS#11 token (listed by <c>key list</c>, used by URIs naming none).</summary>
    public const string Pkcs11TokenVariable = "SIGNET_PKCS11_TOKEN";

    private readonly Func<string, string?> _environment;

    public CliContext(IAnsiConsole output, IAnsiConsole error, TextReader input, Func<string, string?> environment, bool isInteractive, TimeProvider timeProvider)
    {
        Out = output;
        Error = error;
        In = input;
        _environment = environment;
        IsInteractive = isInteractive;
        TimeProvider = timeProvider;
        var home = environment(HomeVariable);
        Home = Path.GetFullPath(string.IsNullOrWhiteSpace(home)
            ? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".signet")
            : home);
    }

    /// <summary>Standard output: results, tables, JSON.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Standard error: errors, warnings, progress.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Standard input (<c>-</c> arguments, <c>--password-stdin</c>).</summary>
    public TextReader In { get; }

    /// <summary>True when a person is at a terminal and may be prompted (stdin and stdout are TTYs).</summary>
    public bool IsInteractive { get; }

    /// <summary>
    /// True when standard error is a terminal that can redraw a live progress display; never in pipes, CI logs or
    /// under <c>NO_COLOR</c>-less dumb terminals, so redirected output stays exactly the documented text or JSON.
    /// </summary>
    public bool ShowsProgress => Error.Profile.Capabilities is { Interactive: true, Ansi: true };

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Signet's home directory ($SIGNET_HOME, else ~/.signet); keys, layouts and certificates live here.</summary>
    public string Home { get; }

    /// <summary>An environment variable, or null when unset or empty.</summary>
    public string? GetEnvironmentVariable(string name)
    {
        var value = _environment(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
