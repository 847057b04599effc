using System.CommandLine;
using Signet.Cli.Hosting;

namespace Signet.Cli;

/// <summary>
/// The <c>signet</c> command at the root of the tree, carrying the invocation's <see cref="CliContext"/> so that
/// completion sources (which System.CommandLine calls with only a parse result) can reach the key vault it names.
/// A named Command rather than RootCommand, whose name is the executable's ("Signet.Cli" under 'dotnet').
/// </summary>
internal sealed class SignetRootCommand(CliContext context, string description) : Command("signet", description)
{
    /// <summary>The invocation this tree was built for.</summary>
    public CliContext Context { get; } = context;
}
