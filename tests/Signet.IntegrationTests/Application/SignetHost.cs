using Microsoft.Extensions.DependencyInjection;
using Signet.Registry;
using Signet.Testing;

namespace Signet.IntegrationTests.Application;

/// <summary>The application layer composed exactly as the hosts compose it, over a temporary SIGNET_HOME.</summary>
internal sealed class SignetHost : IDisposable
{
    public const string Passphrase = "integration-test-passphrase";
    private readonly TempDirectory _home = new();

    public SignetHost(Action<SignetOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var passphraseFile = PassphraseFile;
        File.WriteAllText(passphraseFile, Passphrase);
        var services = new ServiceCollection();
        services.AddSignet(options =>
        {
            options.Home = _home.Path;
            configure?.Invoke(options);
        });
        services.Configure<Signet.Keys.Embedded.EmbeddedKeyStoreOptions>(o => o.PassphraseFile = passphraseFile);
        services.Configure<RegistryClientOptions>(o => o.UseDockerConfig = false);
        configureServices?.Invoke(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public ServiceProvider Services { get; }

    public string Home => _home.Path;

    public string PassphraseFile => Path.Combine(_home.Path, "passphrase");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public void Dispose()
    {
        Services.Dispose();
        _home.Dispose();
    }
}
