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
    private static readonly Argument<string[]> s_references = CliArguments.Images();

    private static readonly Option<string[]> s_trustedKey = new Option<string[]>("--trusted-key", "-t")
    {
        Description = "Trust this key: an embedded-store name, a pkcs11: URI, or a PEM public key file (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        HelpName = "name|uri|pem-file",
    }.CompletesKeyNames();

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

    private static readonly Option<string[]> s_namespaceLabel = CliOptions.NamespaceLabel(
        "A label key=value of the namespace (with --policy), for rules that select namespaces by label (repeatable).");

    public static Command Create(CliContext context)
    {
        var command = new Command("verify", "Verify images' signatures against trusted keys or a policy (exit 0 all verified, 1 any not verified).")
        {
            s_references, s_trustedKey, s_policy, s_namespace, s_namespaceLabel,
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

    /// <summary>Images verified at once: the registry round trips of one image overlap with another's.</summary>
    internal const int MaxParallelism = 4;

    internal static async Task<int> HandleAsync(IAnsiConsole console, IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var verifyOne = await CreateVerifierAsync(services, context, parseResult, cancellationToken).ConfigureAwait(false);
        var items = await BatchRunner.RunAsync(context, "Verifying", parseResult.DistinctImages(s_references), MaxParallelism, verifyOne, cancellationToken).ConfigureAwait(false);
        var views = BatchItem<VerifyView>.Results(items);
        var failures = ErrorReport.Failures(items);
        var verified = failures.Length == 0 && views.All(v => v.Verified);
        if (parseResult.IsJson())
        {
            if (items.Count == 1)
            {
                CliJson.Write(console, views[0], CliJsonContext.Default.VerifyView);
            }
            else
            {
                CliJson.Write(console, new VerifyBatchView(verified, views, failures), CliJsonContext.Default.VerifyBatchView);
            }
        }
        else
        {
            foreach (var view in views)
            {
                SignatureReport.Write(console, view);
            }

            ErrorReport.WriteFailures(context, parseResult, items);

            if (items.Count > 1)
            {
                var count = views.Count(v => v.Verified);
                console.MarkupLine(verified ? $"All {items.Count} image(s) verified." : $"{count} of {items.Count} image(s) verified.");
            }
        }

        // An image that could not be checked is an error (2) rather than "not verified" (1): the answer is unknown.
        return failures.Length > 0 ? ExitCodes.Error : verified ? ExitCodes.Success : ExitCodes.NotVerified;
    }

    // The trusted keys or the policy are loaded once, before any image; each image then costs only its own checks.
    private static async Task<Func<string, CancellationToken, Task<VerifyView>>> CreateVerifierAsync(IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(s_policy) is { } policyPath)
        {
            await PolicyFiles.LoadAsync(services.GetRequiredService<PolicyStore>(), policyPath, cancellationToken).ConfigureAwait(false);
            var evaluator = services.GetRequiredService<IAdmissionEvaluator>();
            var ns = parseResult.GetValue(s_namespace);
            var labels = parseResult.NamespaceLabels(s_namespaceLabel);
            return async (reference, token) =>
            {
                var decision = await evaluator.EvaluateImageAsync(reference, ns, labels, token).ConfigureAwait(false);
                return new VerifyView(reference, DigestOf(decision.PinnedReference) ?? "", decision.Allowed, decision.Code, decision.Message, [], []);
            };
        }

        var verifiers = await TrustedKeys.BuildAsync(
            services.GetRequiredService<TrustVerifierFactory>(),
            services.GetRequiredService<NotationKeyCertificates>(),
            services.GetRequiredService<KeyVault>(),
            parseResult.GetRequiredValue(s_trustedKey),
            cancellationToken).ConfigureAwait(false);
        var resolver = services.GetRequiredService<ImageTargetResolver>();
        var verifier = services.GetRequiredService<ImageVerifier>();
        var credentials = RegistryLogin.From(context, parseResult);
        return async (reference, token) =>
        {
            var report = await verifier.VerifyAsync(resolver.Resolve(reference, credentials), verifiers, token).ConfigureAwait(false);
            return SignatureReport.ToView(reference, report);
        };
    }

    private static string? DigestOf(string? pinned) =>
        pinned is not null && pinned.LastIndexOf('@') is var at and >= 0 ? pinned[(at + 1)..] : null;
}
