using System.CommandLine;
using Signet.Cli.Hosting;
using Spectre.Console;

namespace Signet.Cli.Commands.Serve;

/// <summary><c>signet serve --policy &lt;file&gt; [--listen …] [--tls-cert … --tls-key …]</c>: the admission webhook, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public const string DefaultListen = "https://127.0.0.1:8443";

    private static readonly Option<string> s_policy = new("--policy", "-p")
    {
        Description = "The policy file to enforce (reloaded when it changes).",
        Required = true,
        HelpName = "file",
    };

    private static readonly Option<string> s_listen = new("--listen")
    {
        Description = "https:// address to listen on (port 0 picks a free port).",
        DefaultValueFactory = _ => DefaultListen,
        HelpName = "url",
    };

    private static readonly Option<string> s_certificate = new("--tls-cert")
    {
        Description = "PEM serving certificate (and intermediates); default: a self-signed one under $SIGNET_HOME/tls.",
        HelpName = "file",
    };

    private static readonly Option<string> s_key = new("--tls-key")
    {
        Description = "PEM private key of --tls-cert.",
        HelpName = "file",
    };

    public static Command Create(CliContext context) => new Command("serve", "Run the admission webhook (validate, mutate, Gatekeeper provider) until Ctrl+C.")
    {
        s_policy, s_listen, s_certificate, s_key,
    }.WithHandler(context, (_, parseResult, cancellationToken) => HandleAsync(context.Out, context, parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var policy = parseResult.GetRequiredValue(s_policy);
        var server = await WebhookServer.StartAsync(
            context,
            policy,
            parseResult.GetRequiredValue(s_listen),
            parseResult.GetValue(s_certificate),
            parseResult.GetValue(s_key),
            logToConsole: true,
            cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            console.MarkupLine($"Signet webhook listening on [bold]{Markup.Escape(server.Address.ToString())}[/] enforcing {Markup.Escape(policy)}");
            console.MarkupLine("  endpoints: /validate /mutate /provider /healthz /readyz");
            if (server.CaBundleFile is { } ca)
            {
                console.MarkupLine($"  CA bundle (the webhook configuration's caBundle): {Markup.Escape(ca)}");
            }

            console.MarkupLine("Press Ctrl+C to stop.");
            await WaitForCancellationAsync(cancellationToken).ConfigureAwait(false);
        }

        console.MarkupLine("Stopped.");
        return ExitCodes.Success;
    }

    /// <summary>Completes when <paramref name="cancellationToken"/> is cancelled (Ctrl+C), without throwing.</summary>
    internal static Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => done.TrySetResult());
        return done.Task;
    }
}
