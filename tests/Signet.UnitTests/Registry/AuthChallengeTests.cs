using System.Net;
using System.Net.Http.Headers;
using Signet.Registry.Authentication;

namespace Signet.UnitTests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void TryParse_BearerWithCommaInScope_KeepsQuotedValueWhole()
    {
        Assert.True(AuthChallenge.TryParse("Bearer", "realm=\"https://auth.example.test/token\",service=\"registry.example.test\",scope=\"repository:signet/app:pull,push\"", out var challenge, out _));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.test/token", challenge.Realm);
        Assert.Equal("registry.example.test", challenge.Service);
        Assert.Equal(["repository:signet/app:pull,push"], challenge.Scopes);
    }

    [Fact]
    public void TryParse_SpaceSeparatedScopesAndEscapes_SplitsScopes()
    {
        Assert.True(AuthChallenge.TryParse("bearer", "realm=\"https://a/t\", scope=\"repository:a:pull repository:b:pull\", error=\"insufficient_\\\"scope\"", out var challenge, out _));

        Assert.Equal(["repository:a:pull", "repository:b:pull"], challenge.Scopes);
        Assert.Equal("insufficient_\"scope", challenge.Error);
    }

    [Fact]
    public void TryParse_BearerWithoutRealm_Fails()
    {
        Assert.False(AuthChallenge.TryParse("Bearer", "service=\"x\"", out _, out var error));

        Assert.Contains("no realm", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnterminatedQuote_Fails()
    {
        Assert.False(AuthChallenge.TryParse("Bearer", "realm=\"https://a/t", out _, out var error));

        Assert.Contains("unterminated", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BasicWithUnquotedRealm_Parses()
    {
        Assert.True(AuthChallenge.TryParse("Basic", "realm=registry", out var challenge, out _));

        Assert.True(challenge.IsBasic);
        Assert.Equal("registry", challenge.Realm);
    }

    [Fact]
    public void From_BasicAndBearerOffered_PrefersBearer()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", "realm=\"r\""));
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer", "realm=\"https://a/t\""));

        var challenge = AuthChallenge.From(response.Headers.WwwAuthenticate);

        Assert.NotNull(challenge);
        Assert.True(challenge.IsBearer);
    }

    [Fact]
    public void From_UnknownSchemeOnly_ReturnsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Negotiate"));

        Assert.Null(AuthChallenge.From(response.Headers.WwwAuthenticate));
    }
}
