using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Signet.Signing;
using Signet.Targets;
using Signet.Verification;
using Spectre.Console;

namespace Signet.Cli.Commands.Images;

/// <summary>
/// <c>signet signature list &lt;ref&gt;</c>: a tree like <c>notation ls</c> — format, signer, algorithm, signing time —
/// read by checking each signature against every key in the local vault (so "valid" means "made by one of my keys").
/// </summary>
internal static class SignatureListCommand
{
    private static readonly Argument<string> s_reference = CliArguments.Image();

    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List the signatures attached to an image (format, signer, algorithm, signing time).") { s_reference };
        RegistryLogin.AddTo(command);
        return command.WithHandler(context, (services, parseResult, cancellationToken) =>
            HandleAsync(context.Out, services, context, parseResult, cancellationToken));
    }

    internal static async Task<int> HandleAsync(IAnsiConsole console, IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var reference = parseResult.GetRequiredValue(s_reference);
        var view = await ReadAsync(services, context, parseResult, reference, cancellationToken).ConfigureAwait(false);
        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.VerifyView);
            return ExitCodes.Success;
        }

        var tree = new Tree(Markup.Escape($"{reference} @ {view.Digest}"));
        if (view.Signatures.Count == 0 && view.Unverified.Count == 0)
        {
            tree.AddNode("(no signatures)");
        }

        foreach (var signature in view.Signatures)
        {
            var time = signature.SigningTime?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "no signing time";
            var state = signature.Valid ? "[green]valid[/]" : $"[yellow]{Markup.Escape(signature.Code)}[/]";
            var node = tree.AddNode($"{Markup.Escape(signature.Format)}  {Markup.Escape(signature.Signer?.ToString() ?? "unknown signer")}  {Markup.Escape(signature.Algorithm ?? "?")}  {time}  {state}");
            node.AddNode(Markup.Escape(signature.SignatureDigest ?? "?"));
        }

        foreach (var other in view.Unverified)
        {
            tree.AddNode($"{Markup.Escape(other.ArtifactType ?? "unknown")}  {Markup.Escape(other.Digest)}  (no local key reads it)");
        }

        console.Write(tree);
        return ExitCodes.Success;
    }

    /// <summary>Verifies the image against every local key; shared with <c>signature inspect</c>.</summary>
    internal static async Task<VerifyView> ReadAsync(IServiceProvider services, CliContext context, ParseResult parseResult, string reference, CancellationToken cancellationToken)
    {
        var vault = services.GetRequiredService<KeyVault>();
        var keys = await vault.ListKeysAsync(cancellationToken).ConfigureAwait(false);
        var verifiers = await TrustedKeys.BuildAsync(
            services.GetRequiredService<TrustVerifierFactory>(),
            services.GetRequiredService<NotationKeyCertificates>(),
            vault,
            keys.Select(k => k.Id).ToArray(),
            cancellationToken).ConfigureAwait(false);
        var target = services.GetRequiredService<ImageTargetResolver>().Resolve(reference, RegistryLogin.From(context, parseResult));
        var report = await services.GetRequiredService<ImageVerifier>().VerifyAsync(target, verifiers, cancellationToken).ConfigureAwait(false);
        return SignatureReport.ToView(reference, report);
    }
}
