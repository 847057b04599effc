using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Spectre.Console;

namespace Signet.Cli.Commands.Keys;

/// <summary>What <c>signet key disable</c> and <c>signet key enable</c> share: one version's state change.</summary>
internal static class KeyVersionStateCommand
{
    public static Command Create(CliContext context, string name, string description, KeyVersionState state)
    {
        var key = CliArguments.ExistingKey();
        var version = CliOptions.KeyVersion("--version", required: true, "The version to change (see 'signet key show').")
            .CompletesVersionsOf(parseResult => parseResult.GetValue(key));
        return new Command(name, description) { key, version }
            .WithHandler(context, (services, parseResult, cancellationToken) =>
                HandleAsync(context.Out, services.GetRequiredService<KeyVault>(), parseResult.GetRequiredValue(key), parseResult.GetRequiredValue(version), state, parseResult, cancellationToken));
    }

    internal static async Task<int> HandleAsync(IAnsiConsole console, KeyVault vault, string keyId, string versionId, KeyVersionState state, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var key = await vault.SetVersionStateAsync(keyId, versionId, state, cancellationToken).ConfigureAwait(false);
        var view = KeyView.From(key, KeyRendering.ProviderName(vault, key));
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.KeyView);
        }
        else
        {
            var consequence = state == KeyVersionState.Enabled
                ? "its signatures verify again"
                : "signatures it made no longer verify";
            console.MarkupLine($"Key [bold]{Markup.Escape(key.Id)}[/] version {Markup.Escape(versionId)} is {KeyTypeNames.ToCliName(state)}: {consequence}.");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>signet key disable &lt;name&gt; --version &lt;v&gt;</c>.</summary>
internal static class KeyDisableCommand
{
    public static Command Create(CliContext context) =>
        KeyVersionStateCommand.Create(context, "disable", "Disable a version: it no longer signs or verifies.", KeyVersionState.Disabled);
}

/// <summary><c>signet key enable &lt;name&gt; --version &lt;v&gt;</c>.</summary>
internal static class KeyEnableCommand
{
    public static Command Create(CliContext context) =>
        KeyVersionStateCommand.Create(context, "enable", "Enable a disabled version again.", KeyVersionState.Enabled);
}
