namespace Signet.Webhook.Gatekeeper;

/// <summary>The <c>request</c> of a ProviderRequest.</summary>
internal sealed record ProviderRequestBody
{
    public IReadOnlyList<string?>? Keys { get; init; }
}
