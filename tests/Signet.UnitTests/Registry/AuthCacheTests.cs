using Microsoft.Extensions.Time.Testing;
using Signet.Registry.Authentication;

namespace Signet.UnitTests.Registry;

public sealed class AuthCacheTests
{
    [Fact]
    public void GetAuthorization_TokenBeforeRefreshPoint_IsReturned()
    {
        var time = new FakeTimeProvider();
        var cache = new AuthCache(time);
        cache.SetToken("r", "repository:a:pull", "tok", TimeSpan.FromSeconds(300));

        time.Advance(TimeSpan.FromSeconds(269));

        Assert.Equal("Bearer tok", cache.GetAuthorization("r", "repository:a:pull"));
        Assert.Null(cache.GetAuthorization("r", "repository:a:pull,push"));
        Assert.Null(cache.GetAuthorization("other", "repository:a:pull"));
    }

    [Fact]
    public void GetAuthorization_TokenNearExpiry_IsDropped()
    {
        var time = new FakeTimeProvider();
        var cache = new AuthCache(time);
        cache.SetToken("r", "s", "tok", TimeSpan.FromSeconds(300));

        time.Advance(TimeSpan.FromSeconds(271));

        Assert.Null(cache.GetAuthorization("r", "s"));
    }

    [Fact]
    public void GetAuthorization_BasicAccepted_IsSentForEveryScope()
    {
        var cache = new AuthCache(new FakeTimeProvider());
        cache.SetBasic("r", "Basic abc");

        Assert.Equal("Basic abc", cache.GetAuthorization("r", "anything"));
        cache.Invalidate("r", "anything");
        Assert.Null(cache.GetAuthorization("r", "anything"));
    }
}
