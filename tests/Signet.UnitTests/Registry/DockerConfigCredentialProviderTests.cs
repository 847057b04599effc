using System.Text;
using Signet.Registry.Authentication;

namespace Signet.UnitTests.Registry;

public sealed class DockerConfigCredentialProviderTests
{
    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    [Fact]
    public async Task GetCredential_AuthField_DecodesUserAndPassword()
    {
        var provider = DockerConfigCredentialProvider.FromJson($$$$"""{"auths":{"registry.example.com:5000":{"auth":"{{{{B64("alice:pa:ss")}}}}"}}}""", "pull secret ns/regcred");

        var credential = await provider.GetCredentialAsync("registry.example.com:5000");

        Assert.NotNull(credential);
        Assert.Equal("alice", credential.Username);
        Assert.Equal("pa:ss", credential.Secret);
        Assert.Equal("pull secret ns/regcred (auths['registry.example.com:5000'])", credential.Source);
        Assert.DoesNotContain("pa:ss", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredential_DockerHubLegacyKey_MatchesDockerIo()
    {
        var provider = DockerConfigCredentialProvider.FromJson($$$$"""{"auths":{"https://index.docker.io/v1/":{"username":"bob","password":"pw"}}}""", "config");

        var credential = await provider.GetCredentialAsync("docker.io");

        Assert.Equal("bob", credential?.Username);
    }

    [Fact]
    public async Task GetCredential_UrlKeyWithPath_MatchesHost()
    {
        var provider = DockerConfigCredentialProvider.FromJson($$$$"""{"auths":{"https://Registry.Example.com/v2/":{"auth":"{{{{B64("u:p")}}}}"}}}""", "config");

        Assert.Equal("u", (await provider.GetCredentialAsync("registry.example.com"))?.Username);
        Assert.Null(await provider.GetCredentialAsync("other.example.com"));
    }

    [Fact]
    public async Task GetCredential_LegacyDockercfgShape_IsRead()
    {
        var provider = DockerConfigCredentialProvider.FromJson($$$$"""{"registry.example.com":{"auth":"{{{{B64("u:p")}}}}","email":"x@y"}}""", ".dockercfg");

        Assert.Equal("p", (await provider.GetCredentialAsync("registry.example.com"))?.Secret);
    }

    [Fact]
    public async Task GetCredential_IdentityToken_IsKept()
    {
        var provider = DockerConfigCredentialProvider.FromJson("""{"auths":{"r.example.com":{"identitytoken":"refresh-me"}}}""", "config");

        Assert.Equal("refresh-me", (await provider.GetCredentialAsync("r.example.com"))?.IdentityToken);
    }

    [Fact]
    public void FromJson_Malformed_ThrowsNamingSource()
    {
        var error = Assert.Throws<FormatException>(() => DockerConfigCredentialProvider.FromJson("{\"auths\":", "pull secret ns/broken"));

        Assert.Contains("pull secret ns/broken is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_AuthWithoutColon_ThrowsNamingEntry()
    {
        var error = Assert.Throws<FormatException>(() => DockerConfigCredentialProvider.FromJson($$$$"""{"auths":{"r.example.com":{"auth":"{{{{B64("nocolon")}}}}"}}}""", "config"));

        Assert.Contains("auths['r.example.com'].auth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredential_CredHelperMissing_ThrowsNamingHelper()
    {
        var provider = DockerConfigCredentialProvider.FromJson("""{"credHelpers":{"r.example.com":"nonexistent"}}""", "config", helperSearchPath: []);

        var error = await Assert.ThrowsAsync<Signet.Registry.RegistryException>(async () => await provider.GetCredentialAsync("r.example.com"));

        Assert.Contains("docker-credential-nonexistent", error.Message, StringComparison.Ordinal);
        Assert.Equal(Signet.Core.Errors.SignetErrorCode.RegistryUnauthorized, error.Code);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("http://localhost:5000", "localhost:5000")]
    [InlineData("GHCR.IO", "ghcr.io")]
    public void NormalizeKey_Spellings_MapToHost(string key, string expected) =>
        Assert.Equal(expected, DockerConfigCredentialProvider.NormalizeKey(key));
}
