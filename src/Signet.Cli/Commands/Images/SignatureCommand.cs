using System.CommandLine;
using Signet.Cli.Hosting;

namespace Signet.Cli.Commands.Images;

/// <summary><c>signet signature list|inspect</c>.</summary>
internal static class SignatureCommand
{
    public static Command Create(CliContext context) => new("signature", "List and inspect the signatures attached to an image.")
    {
        SignatureListCommand.Create(context),
        SignatureInspectCommand.Create(context),
    };
}
