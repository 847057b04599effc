using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Signet.Cli.Commands.Images;
using Signet.Cli.Commands.Serve;
using Signet.Cli.Hosting;
using Signet.Core.References;
using Signet.Keys;
using Signet.Signing;
using Signet.Targets;
using Signet.Verification;
using Spectre.Console;

namespace Signet.Cli.Commands.Quickstart;

/// <summary>
/// <c>signet quickstart [--registry host:port] [--no-serve]</c>: the whole product in one command — a key, a sample image,
/// a signature, a verification, the webhook with a policy trusting the key, one admitted and one denied review.
/// </summary>
internal static class QuickstartCommand
{
    /// <summary>The embedded-store key the quick start creates (or reuses).</summary>
    public const string KeyName = "quickstart";

    private static readonly Option<string> s_registry = new("--registry")
    {
        Description = "Push the sample images to this registry (host:port) instead of the embedded OCI layout under $SIGNET_HOME.",
        HelpName = "host:port",
    };

    private static readonly Option<bool> s_noServe = new("--no-serve")
    {
        Description = "Exit after the two admission reviews instead of serving until Ctrl+C (for CI).",
    };

    private static readonly Option<string> s_listen = new("--listen")
    {
        Description = "https:// address of the webhook (port 0 picks a free port).",
        DefaultValueFactory = _ => ServeCommand.DefaultListen,
        HelpName = "url",
    };

    public static Command Create(CliContext context) => new Command("quickstart", "Create a key, sign a sample image, verify it, and run the webhook with a policy that trusts the key.")
    {
        s_registry, s_noServe, s_listen,
    }.WithHandler(context, (services, parseResult, cancellationToken) => HandleAsync(context.Out, services, context, parseResult, cancellationToken));

    internal static async Task<int> HandleAsync(IAnsiConsole console, IServiceProvider services, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(context.Home, "quickstart");
        Directory.CreateDirectory(directory);
        console.MarkupLine($"[bold]Signet quick start[/] (SIGNET_HOME={Markup.Escape(context.Home)})");

        // 1. The key.
        await EnsurePassphraseAsync(console, context, cancellationToken).ConfigureAwait(false);
        var vault = services.GetRequiredService<KeyVault>();
        var key = await GetOrCreateKeyAsync(vault, cancellationToken).ConfigureAwait(false);
        console.MarkupLine($"1. Key        [bold]{Markup.Escape(key.Id)}[/] ({Markup.Escape(Output.KeyTypeNames.ToCliName(key.KeyType))}, version {Markup.Escape(key.Primary.Id)}) in {Markup.Escape(Path.Combine(context.Home, "keys"))}");

        // 2. Two sample images: one to sign, one left unsigned.
        var repositoryName = parseResult.GetValue(s_registry) is { } registry
            ? $"{registry.TrimEnd('/')}/signet/quickstart"
            : $"{CliServices.LocalRegistryHost}/quickstart";
        var image = ImageReference.Parse(repositoryName);
        var resolver = services.GetRequiredService<ImageTargetResolver>();
        var repository = resolver.GetRepository(image);
        var now = context.TimeProvider.GetUtcNow();
        var signedImage = await SampleImage.PushAsync(repository, "signed", "signed", now, cancellationToken).ConfigureAwait(false);
        var unsignedImage = await SampleImage.PushAsync(repository, "unsigned", "unsigned", now, cancellationToken).ConfigureAwait(false);
        var signedRef = $"{repositoryName}@{signedImage.Digest}";
        var unsignedRef = $"{repositoryName}@{unsignedImage.Digest}";
        var where = parseResult.GetValue(s_registry) is null
            ? $"the embedded OCI layout {Path.Combine(context.Home, "registry", "quickstart")}"
            : $"the registry {parseResult.GetValue(s_registry)}";
        console.MarkupLine($"2. Images     {Markup.Escape(repositoryName)}:signed and :unsigned in {Markup.Escape(where)}");

        // 3. Sign one.
        var signed = await services.GetRequiredService<ImageSigner>().SignAsync(
            new SignImageRequest { Reference = signedRef, KeyId = key.Id, Description = "signet quickstart" },
            cancellationToken).ConfigureAwait(false);
        console.MarkupLine($"3. Signed     {Markup.Escape(signedRef)}");
        console.MarkupLine($"              vault signature {Markup.Escape(signed.SignatureDigest.ToString())} by {Markup.Escape(signed.Signer.ToString())}");

        // 4. Verify it, as 'signet verify' would.
        var verifiers = await TrustedKeys.BuildAsync(
            services.GetRequiredService<TrustVerifierFactory>(), services.GetRequiredService<NotationKeyCertificates>(), vault, [key.Id], cancellationToken).ConfigureAwait(false);
        var report = await services.GetRequiredService<ImageVerifier>().VerifyAsync(resolver.Resolve(signedRef), verifiers, cancellationToken).ConfigureAwait(false);
        if (!report.IsVerified)
        {
            throw new CliException("QUICKSTART_FAILED", $"The signature just made did not verify: {string.Join("; ", report.Results.Select(r => r.Message))}", "Run again with --verbose and report it.");
        }

        console.MarkupLine($"4. Verified   {Markup.Escape(report.Results.First(r => r.IsValid).Message)}");

        // 5. The webhook, with a policy that trusts only this key for this repository.
        var policyPath = Path.Combine(directory, "policy.yaml");
        await File.WriteAllTextAsync(policyPath, Policy(repositoryName, key.Id), cancellationToken).ConfigureAwait(false);
        var server = await WebhookServer.StartAsync(context, policyPath, parseResult.GetRequiredValue(s_listen), null, null, logToConsole: parseResult.GetValue(CliOptions.Verbose), cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            console.MarkupLine($"5. Webhook    {Markup.Escape(server.Address.ToString())} enforcing {Markup.Escape(policyPath)}");

            // 6. One review that is admitted and one that is denied, over HTTPS as the API server sends them.
            using var client = AdmissionReviewClient.Create(server);
            var allowed = await client.ReviewAsync("signed-app", signedRef, cancellationToken).ConfigureAwait(false);
            var denied = await client.ReviewAsync("unsigned-app", unsignedRef, cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"6. Admission  Pod signed-app   -> {(allowed.Allowed ? "[green]allowed[/]" : "[red]denied[/]")} {Markup.Escape(allowed.Message)}");
            console.MarkupLine($"              Pod unsigned-app -> {(denied.Allowed ? "[green]allowed[/]" : "[red]denied[/]")} {Markup.Escape(denied.Message)}");
            var asExpected = allowed.Allowed && !denied.Allowed;
            if (!asExpected)
            {
                console.MarkupLine("[red]The outcomes are not the expected ones (signed allowed, unsigned denied).[/]");
            }

            if (parseResult.GetValue(s_noServe))
            {
                return asExpected ? ExitCodes.Success : ExitCodes.NotVerified;
            }

            console.WriteLine();
            console.MarkupLine("[bold]Try next[/] (the webhook keeps serving until Ctrl+C):");
            console.MarkupLine($"  signet verify {Markup.Escape(unsignedRef)} --trusted-key {KeyName}");
            console.MarkupLine($"  signet sign {Markup.Escape(unsignedRef)} --key {KeyName} --format notation-jws");
            console.MarkupLine($"  signet signature list {Markup.Escape(signedRef)}");
            console.MarkupLine($"  signet policy check --policy {Markup.Escape(policyPath)} deployment.yaml");
            console.MarkupLine($"  curl --cacert {Markup.Escape(server.CaBundleFile ?? "ca.crt")} {Markup.Escape(new Uri(server.Address, "/readyz").ToString())}");
            await ServeCommand.WaitForCancellationAsync(cancellationToken).ConfigureAwait(false);
        }

        console.MarkupLine("Stopped.");
        return ExitCodes.Success;
    }

    private static string Policy(string repository, string keyId) => $"""
        # Written by 'signet quickstart': only images of {repository} signed with {keyId} may run.
        apiVersion: signet.dev/v1alpha1
        kind: ImageVerificationPolicy
        metadata:
          name: quickstart
        spec:
          noMatch: deny
          rules:
            - name: quickstart
              scope: ["{repository}"]
              mode: enforce
              trust:
                vaultKeys: ["{keyId}"]

        """;

    private static async Task<KeyInfo> GetOrCreateKeyAsync(KeyVault vault, CancellationToken cancellationToken)
    {
        try
        {
            return await vault.GetKeyAsync(KeyName, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyProviderException e) when (e.Code == KeyErrorCode.KeyNotFound)
        {
            return await vault.CreateKeyAsync(KeyName, KeyType.EcP256, cancellationToken).ConfigureAwait(false);
        }
    }

    // SIGNET_PASSPHRASE when set; otherwise a generated passphrase kept (0600) where the passphrase callback finds it.
    private static async Task EnsurePassphraseAsync(IAnsiConsole console, CliContext context, CancellationToken cancellationToken)
    {
        if (context.GetEnvironmentVariable(CliContext.PassphraseVariable) is not null)
        {
            console.MarkupLine($"   Passphrase from {CliContext.PassphraseVariable}.");
            return;
        }

        var file = CliServices.QuickstartPassphraseFile(context);
        if (File.Exists(file))
        {
            console.MarkupLine($"   Passphrase of key '{KeyName}' read from {Markup.Escape(file)}.");
            return;
        }

        var passphrase = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(file, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(passphrase + "\n"), cancellationToken).ConfigureAwait(false);
        }

        console.MarkupLine($"   Generated a passphrase for key '{KeyName}' and stored it in {Markup.Escape(file)} (mode 0600); set {CliContext.PassphraseVariable} to choose your own.");
    }
}
