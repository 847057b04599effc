using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary><c>signet key list</c>.</summary>
internal static class KeyListCommand
{
    public static Command Create(CliContext context) => new Command("list", "List the keys of every provider.")
        .WithHandler(context, (services, parseResult, cancellationToken) =>
            HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var keys = await vault.ListKeysAsync(cancellationToken).ConfigureAwait(false);
        var views = keys.Select(k => KeyView.From(k, KeyRendering.ProviderName(vault, k))).ToArray();
        if (parseResult.IsJson())
        {
            CliJson.Write(console, new KeyListView(views), CliJsonContext.Default.KeyListView);
            return ExitCodes.Success;
        }

        if (views.Length == 0)
        {
            console.MarkupLine("No keys yet; create one with 'signet key create <name>'.");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("Id", "Algorithm", "Provider", "Primary", "Versions");
        foreach (var key in views)
        {
            table.AddRow(
                Markup.Escape(key.Id),
                Markup.Escape(key.Algorithm),
                Markup.Escape(key.Provider),
                Markup.Escape(key.Versions.FirstOrDefault(v => v.Primary)?.Id ?? "-"),
                Markup.Escape(string.Join(", ", key.Versions.Select(v => v.State == "enabled" ? v.Id : $"{v.Id} ({v.State})"))));
        }

        console.Write(table);
        return ExitCodes.Success;
    }
}
