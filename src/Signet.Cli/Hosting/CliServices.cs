using Microsoft.Extensions.DependencyInjection;
using Signet.Keys.Embedded;
using Spectre.Console;

namespace Signet.Cli.Hosting;

/// <summary>Composes the application layer for one CLI invocation: AddSignet() over $SIGNET_HOME, with the passphrase prompt.</summary>
internal static class CliServices
{
    /// <summary>Builds the service provider; nothing is opened or created until a service is asked for.</summary>
    public static ServiceProvider Build(CliContext context)
    {
        var services = new ServiceCollection();
        services.AddSingleton(context.TimeProvider);
        services.AddSignet(options => options.Home = context.Home);
        services.Configure<EmbeddedKeyStoreOptions>(options =>
        {
            options.Directory = Path.Combine(context.Home, "keys");
            options.PassphraseCallback = (request, cancellationToken) => GetPassphraseAsync(context, request, cancellationToken);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    // SIGNET_PASSPHRASE first (through the context, so tests need not touch the process environment); then a prompt
    // when a person is at a terminal; else null, and the store reports PASSPHRASE_REQUIRED naming the variable.
    private static async ValueTask<string?> GetPassphraseAsync(CliContext context, PassphraseRequest request, CancellationToken cancellationToken)
    {
        if (context.GetEnvironmentVariable(CliContext.PassphraseVariable) is { } passphrase)
        {
            return passphrase;
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
