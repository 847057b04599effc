namespace Signet.Registry.Http;

/// <summary>One HTTP request of a call, described so that it can be sent again after an authentication challenge.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Target">A path with query (<c>/v2/app/manifests/v1</c>) or an absolute URI (upload locations, next pages).</param>
/// <param name="Scope">The token scope the request needs (<c>repository:app:pull</c>).</param>
internal sealed record RegistryRequest(HttpMethod Method, string Target, string Scope)
{
    /// <summary>The <c>Accept</c> header values.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary>Creates the body afresh for each attempt (null for no body).</summary>
    public Func<HttpContent>? Content { get; init; }
}
