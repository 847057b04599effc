using System.CommandLine;
using Signet.Registry.Authentication;

namespace Signet.Cli.Hosting;

/// <summary>
/// <c>--username</c> + <c>--password-stdin</c>: credentials for the image's registry that win over Docker's
/// config.json (read by the registry client otherwise). The password never appears on the command line.
/// </summary>
internal static class RegistryLogin
{
    public static readonly Option<string> Username = new("--username", "-u")
    {
        Description = "Registry user name (with --password-stdin); otherwise Docker's config.json is used.",
    };

    public static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "Read the registry password or token from standard input.",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Username);
        command.Options.Add(PasswordStdin);
    }

    /// <summary>The credential provider the options describe, or null to use the configured ones.</summary>
    public static IRegistryCredentialProvider? From(CliContext context, ParseResult parseResult)
    {
        var username = parseResult.GetValue(Username);
        var fromStdin = parseResult.GetValue(PasswordStdin);
        if (username is null && !fromStdin)
        {
            return null;
        }

        if (username is null || !fromStdin)
        {
            throw new CliException(CliErrorCode.Usage, "--username and --password-stdin go together.", "echo \"$TOKEN\" | signet sign <image> --key <k> --username <user> --password-stdin");
        }

        var password = context.In.ReadToEnd().TrimEnd('\r', '\n');
        if (password.Length == 0)
        {
            throw new CliException(CliErrorCode.Usage, "--password-stdin was given but standard input is empty.", "Pipe the password or token into the command.");
        }

        return new StaticCredentialProvider(new RegistryCredential { Username = username, Secret = password, Source = "--username/--password-stdin" });
    }

    private sealed class StaticCredentialProvider(RegistryCredential credential) : IRegistryCredentialProvider
    {
        public string Description => "--username/--password-stdin";

        public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<RegistryCredential?>(credential);
    }
}
