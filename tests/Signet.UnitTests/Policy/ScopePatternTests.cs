using Signet.Policy.Loading;

namespace Signet.UnitTests.Policy;

public sealed class ScopePatternTests
{
    [Theory]
    [InlineData("**", "docker.io/library/nginx", true)]
    [InlineData("nginx", "docker.io/library/nginx", true)]
    [InlineData("library/nginx", "docker.io/library/nginx", true)]
    [InlineData("docker.io/nginx", "docker.io/library/nginx", true)]
    [InlineData("index.docker.io/library/nginx", "docker.io/library/nginx", true)]
    [InlineData("nginx", "docker.io/library/nginx-extra", false)]
    [InlineData("registry.example.com/**", "registry.example.com/a", true)]
    [InlineData("registry.example.com/**", "registry.example.com/a/b/c", true)]
    [InlineData("registry.example.com/**", "registry.example.com", false)]
    [InlineData("registry.example.com/**", "registry.example.org/a", false)]
    [InlineData("registry.example.com/*", "registry.example.com/a/b", false)]
    [InlineData("registry.example.com/team-*/app", "registry.example.com/team-a/app", true)]
    [InlineData("registry.example.com/team-*/app", "registry.example.com/team-a/x/app", false)]
    [InlineData("registry.example.com/**/app", "registry.example.com/a/b/app", true)]
    [InlineData("*.ocir.io/**", "phx.ocir.io/tenancy/app", true)]
    [InlineData("*.ocir.io/**", "evil.io/phx.ocir.io/app", false)]
    [InlineData("localhost:5000/**", "localhost:5000/app", true)]
    public void IsMatch_CanonicalName_MatchesAsDocumented(string pattern, string name, bool expected)
    {
        Assert.True(ScopePatternParser.TryParse(pattern, out var scope, out var error), error);

        Assert.Equal(expected, scope.IsMatch(name));
    }

    [Theory]
    [InlineData("registry.example.com/shop/web", "registry.example.com/shop/*")]
    [InlineData("registry.example.com/shop/*", "registry.example.com/shop/**")]
    [InlineData("registry.example.com/shop/**", "registry.example.com/**")]
    [InlineData("registry.example.com/**", "**")]
    [InlineData("registry.example.com/a*", "registry.example.com/**")]
    public void CompareSpecificity_FirstIsMoreSpecific(string more, string less)
    {
        Assert.True(ScopePatternParser.TryParse(more, out var a, out _));
        Assert.True(ScopePatternParser.TryParse(less, out var b, out _));

        Assert.True(a.CompareSpecificity(b) > 0);
        Assert.True(b.CompareSpecificity(a) < 0);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("*", "use '**' for every image")]
    [InlineData("registry.example.com//app", "empty path segment")]
    [InlineData("registry.example.com/app/", "empty path segment")]
    [InlineData("registry.example.com/***", "whole path segment")]
    [InlineData("registry.example.com/a**", "whole path segment")]
    [InlineData("registry.example.com/app@sha256:00", "contains '@'")]
    [InlineData("registry.example.com/App", "lower case")]
    [InlineData("registry.example.com/App*", "lower case")]
    [InlineData("registry.example.com/**/**/**/**/**", "more than 4")]
    public void TryParse_BadGlob_ExplainsWhy(string pattern, string fragment)
    {
        Assert.False(ScopePatternParser.TryParse(pattern, out _, out var error));

        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
