using Signet.Registry.Http;

namespace Signet.UnitTests.Registry;

public sealed class LinkHeaderTests
{
    [Theory]
    [InlineData("</v2/app/tags/list?n=2&last=b>; rel=\"next\"", "/v2/app/tags/list?n=2&last=b")]
    [InlineData("<https://r.example.com/v2/x?page=2>;rel=next", "https://r.example.com/v2/x?page=2")]
    [InlineData("</a>; rel=\"prev\"", null)]
    [InlineData("no link here", null)]
    public void ParseNext_LinkValue_ReturnsNextTarget(string value, string? expected) =>
        Assert.Equal(expected, LinkHeader.ParseNext(value));

    [Fact]
    public void Next_RelativeLink_ResolvesAgainstRequest()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", "</v2/app/tags/list?last=b&n=2>; rel=\"next\"");

        var next = LinkHeader.Next(response, new Uri("https://r.example.com/v2/app/tags/list?n=2"));

        Assert.Equal(new Uri("https://r.example.com/v2/app/tags/list?last=b&n=2"), next);
    }
}
