using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary><c>signet key rotate &lt;name&gt;</c>: a new primary version; older versions keep verifying.</summary>
internal static class KeyRotateCommand
{
    private static readonly Argument<string> s_key = CliArguments.ExistingKey();

    public static Command Create(CliContext context) => new Command("rotate", "Add a new primary version; older versions stay enabled and keep verifying.")
    {
        s_key,
    }.WithHandler(context, (services, parseResult, cancellationToken) =>
        HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var key = await vault.RotateKeyAsync(parseResult.GetRequiredValue(s_key), cancellationToken).ConfigureAwait(false);
        var view = KeyView.From(key, KeyRendering.ProviderName(vault, key));
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.KeyView);
        }
        else
        {
            console.MarkupLine($"Rotated [bold]{Markup.Escape(key.Id)}[/]: version {Markup.Escape(key.Primary.Id)} now signs; older versions still verify until disabled.");
        }

        return ExitCodes.Success;
    }
}
