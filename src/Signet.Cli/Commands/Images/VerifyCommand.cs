using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission;
using Signet.Cli.Hosting;
using Signet.Cli.Output;
using Signet.Keys;
using Signet.Policy.Loading;
using Signet.Signing;
using Signet.Targets;
using Signet.Verification;
using Spectre.Console;

namespace Signet.Cli.Commands.Images;

/// <summary><c>signet verify &lt;ref&gt; (--trusted-key … | --policy file)</c>: exit 0 verified, 1 not verified, 2 error.</summary>
internal static class VerifyCommand
{
    private static readonly Argument<string> s_reference = CliArguments.Image();

    private static readonly Option<string[]> s_trustedKey = new("--trusted-key", "-t")
    {
        Description = "Trust this key: an embedded-store name, a pkcs11: URI, or a PEM public key file (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        HelpName = "name|uri|pem-file",
    };

    private static readonly Option<string> s_policy = new("--policy", "-p")
    {
        Description = "Verify as the webhook would under this policy file.",
        HelpName = "file",
    };

    private static readonly Option<string> s_namespace = new("--namespace", "-n")
    {
        Description = "Namespace whose policy rules apply (with --policy).",
        DefaultValueFactory = _ => "default",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("verify", "Verify an image's signatures against trusted keys or a policy (exit 0 verified, 1 not verified).")
        {
            s_reference, s_trustedKey, s_policy, s_namespace,
        };
        RegistryLogin.AddTo(command);
        command.Validators.Add(result =>
        {
            var keys = result.GetValue(s_trustedKey) is { Length: > 0 };
            var policy = result.GetValue(s_policy) is not null;
            if (keys == policy)
            {
                result.AddError("Give either --trusted-key (one or more) or --policy.");
            }
        });
        return command.WithHandler(context, (services, parseResult, cancellationToken) =>
            HandleAsync(context.Out, services, context, parseResult, cancellationToken));
    }

    internal static async Task<int> HandleAsync(IAnsiConsole console, IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var reference = parseResult.GetRequiredValue(s_reference);
        VerifyView view;
        if (parseResult.GetValue(s_policy) is { } policyPath)
        {
            await PolicyFiles.LoadAsync(services.GetRequiredService<PolicyStore>(), policyPath, cancellationToken).ConfigureAwait(false);
            var decision = await services.GetRequiredService<IAdmissionEvaluator>()
                .EvaluateImageAsync(reference, parseResult.GetValue(s_namespace), cancellationToken).ConfigureAwait(false);
            view = new VerifyView(reference, DigestOf(decision.PinnedReference) ?? "", decision.Allowed, decision.Code, decision.Message, [], []);
        }
        else
        {
            var verifiers = await TrustedKeys.BuildAsync(
                services.GetRequiredService<TrustVerifierFactory>(),
                services.GetRequiredService<NotationKeyCertificates>(),
                services.GetRequiredService<KeyVault>(),
                parseResult.GetRequiredValue(s_trustedKey),
                cancellationToken).ConfigureAwait(false);
            var target = services.GetRequiredService<ImageTargetResolver>().Resolve(reference, RegistryLogin.From(context, parseResult));
            var report = await services.GetRequiredService<ImageVerifier>().VerifyAsync(target, verifiers, cancellationToken).ConfigureAwait(false);
            view = SignatureReport.ToView(reference, report);
        }

        if (parseResult.IsJson())
        {
            CliJson.Write(console, view, CliJsonContext.Default.VerifyView);
        }
        else
        {
            SignatureReport.Write(console, view);
        }

        return view.Verified ? ExitCodes.Success : ExitCodes.NotVerified;
    }

    private static string? DigestOf(string? pinned) =>
        pinned is not null && pinned.LastIndexOf('@') is var at and >= 0 ? pinned[(at + 1)..] : null;
}
