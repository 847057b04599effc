using Signet.Cli.Output;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary>How keys look in text output.</summary>
internal static class KeyRendering
{
    /// <summary>The key's id and type, then a table of its versions.</summary>
    public static void Write(IAnsiConsole console, KeyView key)
    {
        console.MarkupLine($"[bold]{Markup.Escape(key.Id)}[/]  {Markup.Escape(key.Algorithm)}  ({Markup.Escape(key.Provider)})");
        var table = new Table().Border(TableBorder.Simple).AddColumns("Version", "State", "Primary", "Created");
        foreach (var version in key.Versions)
        {
            table.AddRow(
                Markup.Escape(version.Id),
                Markup.Escape(version.State),
                version.Primary ? "yes" : "",
                version.Created.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    /// <summary>The provider that holds <paramref name="key"/>, for display.</summary>
    public static string ProviderName(KeyVault vault, KeyInfo key) => vault.ProviderFor(key.Id).Name;
}
