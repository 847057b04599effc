using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signet.Registry;
using Signet.Registry.Authentication;

namespace Signet.UnitTests.Registry;

public sealed class RegistryClientOptionsTests
{
    private static ValidateOptionsResult Validate(RegistryClientOptions options) => new RegistryClientOptionsValidator().Validate(null, options);

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(Validate(new RegistryClientOptions()).Succeeded);

    [Fact]
    public void Validate_PlainHttpForRemoteHost_FailsWithHint()
    {
        var options = new RegistryClientOptions();
        options.Registries["registry.example.com"] = new RegistryHostOptions { PlainHttp = true };

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("Add 'registry.example.com' to InsecureRegistries", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlainHttpForInsecureOrLoopbackHost_Succeeds()
    {
        var options = new RegistryClientOptions();
        options.InsecureRegistries.Add("registry.lan:5000");
        options.Registries["registry.lan:5000"] = new RegistryHostOptions { PlainHttp = true };
        options.Registries["localhost:5000"] = new RegistryHostOptions { PlainHttp = true };

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new RegistryClientOptions { Deadline = TimeSpan.Zero, MaxReferrers = 0, UploadChunkBytes = 1024 * 1024 * 64, MonolithicUploadMaxBytes = 1024 };
        options.Registries["r.example.com"] = new RegistryHostOptions { CaBundlePath = "/nonexistent/ca.pem", Username = "u" };
        options.Registries["bad/key"] = new RegistryHostOptions();

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Deadline", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxReferrers", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("UploadChunkBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'/nonexistent/ca.pem' does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Username and Password must be given together", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Registries['bad/key']", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CaBundleNotPem_Fails()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");
            var options = new RegistryClientOptions();
            options.Registries["r.example.com"] = new RegistryHostOptions { CaBundlePath = path };

            Assert.Contains("holds no PEM certificate", Validate(options).FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddSignetRegistry_InvalidOptions_FailsOnFirstUse()
    {
        using var provider = new ServiceCollection().AddSignetRegistry(o => o.MaxRetries = 99).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RegistryClient>());

        Assert.Contains("MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSignetRegistry_CredentialProviderRegisteredFirst_IsKept()
    {
        var custom = new ChainedCredentialProvider([]);
        using var provider = new ServiceCollection()
            .AddSingleton<IRegistryCredentialProvider>(custom)
            .AddSignetRegistry(o => o.UseDockerConfig = false)
            .BuildServiceProvider();

        Assert.Same(custom, provider.GetRequiredService<RegistryClient>().Credentials);
    }

    [Fact]
    public void HostOptions_ToString_HidesPassword()
    {
        var host = new RegistryHostOptions { Username = "u", Password = "hunter2" };

        Assert.DoesNotContain("hunter2", host.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GetRepository_BadNames_Throw()
    {
        using var provider = new ServiceCollection().AddSignetRegistry(o => o.UseDockerConfig = false).BuildServiceProvider();
        var client = provider.GetRequiredService<RegistryClient>();

        Assert.Throws<ArgumentException>(() => client.GetRepository("registry.example.com", "Upper/Case"));
        Assert.Equal("registry.example.com/team/app", client.GetRepository("registry.example.com", "team/app").DisplayName);
        Assert.Equal("docker.io/library/nginx", client.GetRepository(Signet.Core.References.ImageReference.Parse("nginx:1.27")).DisplayName);
    }
}
