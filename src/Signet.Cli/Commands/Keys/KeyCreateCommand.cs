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
        var given = parseResult.GetRequiredValue(s_key);
        var key = await vault.CreateKeyAsync(given, keyType, cancellationToken).ConfigureAwait(false);
        var view = KeyView.From(key, KeyRendering.ProviderName(vault, key));
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.KeyView);
        }
        else
        {
            console.MarkupLine($"Created key [bold]{Markup.Escape(key.Id)}[/] ({Markup.Escape(view.Algorithm)}), version {Markup.Escape(key.Primary.Id)}.");
            console.MarkupLine($"Trust it in a policy as [bold]{Markup.Escape(key.Id)}[/]; sign with 'signet sign <image> --key {Markup.Escape(SignWith(vault, key, given))}'.");
        }

        return ExitCodes.Success;
    }

    // The short name when it reaches the same key (embedded store); else what the user typed, which carries what the
    // id lacks (a pkcs11: URI's module-path), unless it holds a PIN, which is never printed.
    private static string SignWith(KeyVault vault, KeyInfo key, string given)
    {
        if (vault.CanHandle(key.Name) && ReferenceEquals(vault.ProviderFor(key.Name), vault.ProviderFor(key.Id)))
        {
            return key.Name;
        }

        return given.Contains("pin-value", StringComparison.OrdinalIgnoreCase) ? key.Id : given;
    }
}
