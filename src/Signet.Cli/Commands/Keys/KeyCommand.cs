using System.CommandLine;
using Signet.Cli.Hosting;

namespace Signet.Cli.Commands.Keys;

/// <summary><c>signet key</c>: the key vault (embedded store names and pkcs11: URIs).</summary>
internal static class KeyCommand
{
    public static Command Create(CliContext context) => new("key", "Create, list, rotate, enable/disable and export signing keys.")
    {
        KeyCreateCommand.Create(context),
        KeyListCommand.Create(context),
        KeyShowCommand.Create(context),
        KeyRotateCommand.Create(context),
        KeyDisableCommand.Create(context),
        KeyEnableCommand.Create(context),
        KeyExportCommand.Create(context),
    };
}
