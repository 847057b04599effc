using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary><c>signet key create &lt;name&gt; [--algorithm …]</c>.</summary>
internal static class KeyCreateCommand
{
    private static readonly Argument<string> s_key = CliArguments.Key();

    private static readonly Option<string> s_algorithm = new Option<string>("--algorithm", "-a")
    {
        Description = "Key type.",
        DefaultValueFactory = _ => "ec-p256",
    }.AcceptOnlyFromAmong(KeyTypeNames.All);

    public static Command Create(CliContext context) => new Command("create", "Create a key with a first, primary version.")
    {
        s_key,
        s_algorithm,
    }.WithHandler(context, (services, parseResult, cancellationToken) =>
        HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var keyType = KeyTypeNames.Parse(parseResult.GetRequiredValue(s_algorithm));
        var key = await vault.CreateKeyAsync(parseResult.GetRequiredValue(s_key), keyType, cancellationToken).ConfigureAwait(false);
        var view = KeyView.From(key, KeyRendering.ProviderName(vault, key));
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.KeyView);
        }
        else
        {
            console.MarkupLine($"Created key [bold]{Markup.Escape(key.Id)}[/] ({Markup.Escape(view.Algorithm)}), version {Markup.Escape(key.Primary.Id)}.");
            console.MarkupLine($"Trust it in a policy as [bold]{Markup.Escape(key.Id)}[/]; sign with 'signet sign <image> --key {Markup.Escape(key.Name)}'.");
        }

        return ExitCodes.Success;
    }
}
