using System.CommandLine;
using Signet.Cli.Hosting;

namespace Signet.Cli.Commands.Policy;

/// <summary><c>signet policy check|import|validate</c>.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context) => new("policy", "Check manifests against a policy offline, import OKE or Ratify policies, validate a policy file.")
    {
        PolicyCheckCommand.Create(context),
        PolicyImportCommand.Create(context),
        PolicyValidateCommand.Create(context),
    };
}
