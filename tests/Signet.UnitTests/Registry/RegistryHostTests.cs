using Signet.Registry.Http;

namespace Signet.UnitTests.Registry;

public sealed class RegistryHostTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com", false)]
    [InlineData("10.0.0.1:5000", false)]
    [InlineData("localhost.example.com", false)]
    public void IsLoopback_Host_MatchesDockerConvention(string host, bool expected) =>
        Assert.Equal(expected, RegistryHost.IsLoopback(host));

    [Theory]
    [InlineData("registry.example.com", true)]
    [InlineData("registry.example.com:443", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com/path", false)]
    [InlineData("", false)]
    [InlineData("bad host", false)]
    public void IsValid_Host_AcceptsOnlyHostAndPort(string host, bool expected) =>
        Assert.Equal(expected, RegistryHost.IsValid(host));

    [Fact]
    public void ApiHost_DockerHub_IsRegistry1() => Assert.Equal("registry-1.docker.io", RegistryHost.ApiHost("docker.io"));
}
