using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Signet.Core.Errors;
using Signet.Registry;
using Signet.Registry.Authentication;
using Signet.Testing;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Registry;

/// <summary>TLS with a test CA and htpasswd Basic authentication on a real docker-registry.</summary>
public sealed class RegistryTlsBasicAuthTests(TlsRegistryFixture registry) : IClassFixture<TlsRegistryFixture>
{
    [Fact]
    public async Task PushAndPull_WithCaBundleAndBasicCredentials_RoundTrips()
    {
        var repository = registry.CreateClient().GetRepository(registry.Host, "secure/app");

        var image = await SampleImages.PushAsync(repository, "v1");
        var fetched = await repository.FetchManifestAsync("v1");

        Assert.Equal(image.Digest, fetched.Digest);
        Assert.Equal("https", registry.BaseAddress.Scheme);
    }

    [Fact]
    public async Task Fetch_WithoutCaBundle_ThrowsTlsErrorWithHint()
    {
        var client = registry.CreateClient(o => o.Registries[registry.Host].CaBundlePath = null);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetRepository(registry.Host, "secure/app").ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.RegistryUnreachable, error.Code);
        Assert.Contains("TLS handshake", error.Message, StringComparison.Ordinal);
        Assert.Contains("CaBundlePath", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Fetch_WithoutCredentials_ThrowsUnauthorizedNamingSource()
    {
        var client = registry.CreateClient(withCredentials: false);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetRepository(registry.Host, "secure/app").ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.RegistryUnauthorized, error.Code);
        Assert.Contains("requires Basic authentication", error.Message, StringComparison.Ordinal);
        Assert.Contains("anonymous", error.CredentialSource, StringComparison.Ordinal);
        Assert.Contains("docker login " + registry.Host, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WrongPassword_ThrowsUnauthorizedNamingSource()
    {
        var client = registry.CreateClient(o => o.Registries[registry.Host].Password = "wrong");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetRepository(registry.Host, "secure/app").ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.RegistryUnauthorized, error.Code);
        Assert.Equal($"options Signet:Registry:Registries['{registry.Host}']", error.CredentialSource);
        Assert.Contains("refused the credentials from options", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Fetch_WithPullSecretInMemory_UsesItsCredentials()
    {
        var client = registry.CreateClient(withCredentials: false);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}"));
        var secret = DockerConfigCredentialProvider.FromJson("{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + auth + "\"}}}", "pull secret default/regcred");
        var repository = client.GetRepository(registry.Host, "secure/pull-secret", secret);

        var image = await SampleImages.PushAsync(repository, "v1");

        Assert.Equal(image.Digest, (await repository.ResolveAsync("v1")).Digest);
    }

    [Fact]
    public async Task Fetch_CredentialHelper_RunsHelperExecutable()
    {
        using var directory = new TempDirectory();
        directory.WriteExecutable("docker-credential-signettest", $$"""
            #!/bin/sh
            read server
            if [ "$server" = "{{registry.Host}}" ]; then
              printf '{"ServerURL":"%s","Username":"{{registry.Username}}","Secret":"{{registry.Password}}"}' "$server"
            else
              echo "credentials not found in native keychain"; exit 1
            fi
            """);
        var config = DockerConfigCredentialProvider.FromJson($$$"""{"credHelpers":{"{{{registry.Host}}}":"signettest"}}""", "test config", helperSearchPath: [directory.Path]);
        var repository = registry.CreateClient(withCredentials: false).GetRepository(registry.Host, "secure/helper", config);

        var image = await SampleImages.PushAsync(repository, "v1");
        var other = await config.GetCredentialAsync("other.example.com");

        Assert.Equal(image.Digest, (await repository.ResolveAsync("v1")).Digest);
        Assert.Null(other);
    }

    [Fact]
    public async Task Fetch_CredentialHelperHangs_FailsWithinTimeout()
    {
        using var directory = new TempDirectory();
        directory.WriteExecutable("docker-credential-hang", "#!/bin/sh\nsleep 30\n");
        var config = DockerConfigCredentialProvider.FromJson("""{"credsStore":"hang"}""", "test config", TimeSpan.FromMilliseconds(500), [directory.Path]);
        var repository = registry.CreateClient(withCredentials: false).GetRepository(registry.Host, "secure/hang", config);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.ResolveAsync("v1"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Contains("did not answer within 0.5 s", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The distribution token flow against a real docker-registry that trusts a test-hosted issuer.</summary>
public sealed class RegistryTokenAuthTests(TokenRegistryFixture registry) : IClassFixture<TokenRegistryFixture>
{
    [Fact]
    public async Task PushAndPull_WithToken_RoundTripsAndCachesTokenPerScope()
    {
        var client = registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50));
        var repository = client.GetRepository(registry.Host, "token/app");
        var image = await SampleImages.PushAsync(repository, "v1");
        await SampleImages.PushReferrerAsync(repository, image.Descriptor);
        var before = registry.TokenServer!.RequestCount;

        for (var i = 0; i < 5; i++)
        {
            await repository.ResolveAsync("v1");
            await repository.FetchManifestAsync(image.Digest.ToString());
            await ReferrersFallbackTests.ToListAsync(repository.ListReferrersAsync(image.Digest));
        }

        // One token for the pull scope, then every request reuses it.
        Assert.Equal(1, registry.TokenServer.RequestCount - before);
        Assert.Contains("repository:token/app:pull", registry.TokenServer.LastScopes);
    }

    [Fact]
    public async Task Fetch_TokenExpired_ObtainsNewToken()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var client = registry.CreateClient(services: s => s.AddSingleton<TimeProvider>(time));
        var repository = client.GetRepository(registry.Host, "token/expiry");
        await SampleImages.PushAsync(repository, "v1");
        await repository.ResolveAsync("v1");
        var before = registry.TokenServer!.RequestCount;

        await repository.ResolveAsync("v1");
        time.Advance(TimeSpan.FromSeconds(registry.TokenServer.ExpiresInSeconds));
        await repository.ResolveAsync("v1");

        Assert.Equal(1, registry.TokenServer.RequestCount - before);
    }

    [Fact]
    public async Task Fetch_WrongPassword_TokenServiceRefusalNamesSource()
    {
        var client = registry.CreateClient(o => o.Registries[registry.Host].Password = "wrong");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetRepository(registry.Host, "token/app").ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.RegistryUnauthorized, error.Code);
        Assert.Contains("token service", error.Message, StringComparison.Ordinal);
        Assert.Contains($"options Signet:Registry:Registries['{registry.Host}']", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }
}
