using Microsoft.Extensions.DependencyInjection;
using Signet.Keys.Embedded;
using Signet.Keys.Pkcs11;
using Spectre.Console;

namespace Signet.Cli.Hosting;

/// <summary>Composes the application layer for one CLI invocation: AddSignet() over $SIGNET_HOME, with the passphrase prompt.</summary>
internal static class CliServices
{
    /// <summary>Builds the service provider; nothing is opened or created until a service is asked for.</summary>
    /// <summary>
    /// The host name of the embedded local registry: <c>signet.local/&lt;repository&gt;</c> images live in OCI layouts under
    /// <c>$SIGNET_HOME/registry</c>, so the CLI and <c>signet serve</c> work with no registry at all.
    /// </summary>
    public const string LocalRegistryHost = "signet.local";

    /// <summary>Builds the service provider; nothing is opened or created until a service is asked for.</summary>
    public static ServiceProvider Build(CliContext context)
    {
        var services = new ServiceCollection();
        services.AddSingleton(context.TimeProvider);
        AddTo(services, context);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Adds the application layer as the CLI configures it (also into the webhook host of <c>signet serve</c>).</summary>
    public static IServiceCollection AddTo(IServiceCollection services, CliContext context)
    {
        services.AddSignet(options =>
        {
            options.Home = context.Home;
            options.LocalRegistryHost = LocalRegistryHost;
        });
        services.Configure<EmbeddedKeyStoreOptions>(options =>
        {
            options.Directory = Path.Combine(context.Home, "keys");
            options.PassphraseCallback = (request, cancellationToken) => GetPassphraseAsync(context, request, cancellationToken);
        });

        // Like cosign's COSIGN_PKCS11_MODULE_PATH: set the module (and a default token) once per shell or CI job, and
        // the short key ids (pkcs11:token=…;object=…) that signatures and policies record work as they are.
        services.Configure<Pkcs11KeyProviderOptions>(options =>
        {
            options.ModulePath = context.GetEnvironmentVariable(CliContext.Pkcs11ModuleVariable) ?? options.ModulePath;
            options.TokenLabel = context.GetEnvironmentVariable(CliContext.Pkcs11TokenVariable) ?? options.TokenLabel;
        });
        return services;
    }

    /// <summary>Where <c>signet quickstart</c> keeps the passphrase it generated for its key (mode 0600).</summary>
    public static string QuickstartPassphraseFile(CliContext context) => Path.Combine(context.Home, "quickstart", "passphrase");

    // SIGNET_PASSPHRASE first (through the context, so tests need not touch the process environment); then a prompt
    // when a person is at a terminal; else null, and the store reports PASSPHRASE_REQUIRED naming the variable.
    private static async ValueTask<string?> GetPassphraseAsync(CliContext context, PassphraseRequest request, CancellationToken cancellationToken)
    {
        if (context.GetEnvironmentVariable(CliContext.PassphraseVariable) is { } passphrase)
        {
            return passphrase;
        }

        // The quick start's key opens with the passphrase it generated (it said where it keeps it).
        if (request.KeyName == Commands.Quickstart.QuickstartCommand.KeyName && File.Exists(QuickstartPassphraseFile(context)))
        {
            return (await File.ReadAllTextAsync(QuickstartPassphraseFile(context), cancellationToken).ConfigureAwait(false)).TrimEnd('\n');
        }

        if (!context.IsInteractive)
        {
            return null;
        }

        var entered = await new TextPrompt<string>($"Passphrase for key [bold]{Markup.Escape(request.KeyName)}[/]:")
            .Secret()
            .ShowAsync(context.Error, cancellationToken)
            .ConfigureAwait(false);
        if (request.IsNewKey)
        {
            var again = await new TextPrompt<string>("Repeat the passphrase:")
                .Secret()
                .ShowAsync(context.Error, cancellationToken)
                .ConfigureAwait(false);
            if (!string.Equals(entered, again, StringComparison.Ordinal))
            {
                throw new CliException(CliErrorCode.Usage, "The two passphrases differ; nothing was created.", "Run the command again and type the same passphrase twice.");
            }
        }

        return entered;
    }
}
