using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary><c>signet key show &lt;name&gt;</c>.</summary>
internal static class KeyShowCommand
{
    private static readonly Argument<string> s_key = CliArguments.ExistingKey();

    public static Command Create(CliContext context) => new Command("show", "Show a key's id, type and versions.")
    {
        s_key,
    }.WithHandler(context, (services, parseResult, cancellationToken) =>
        HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var key = await vault.GetKeyAsync(parseResult.GetRequiredValue(s_key), cancellationToken).ConfigureAwait(false);
        var view = KeyView.From(key, KeyRendering.ProviderName(vault, key));
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.KeyView);
        }
        else
        {
            KeyRendering.Write(console, view);
        }

        return ExitCodes.Success;
    }
}
