namespace Signet.Webhook.Gatekeeper;

/// <summary>The ProviderResponse envelope Gatekeeper expects back.</summary>
internal sealed record ProviderResponse
{
    public string ApiVersion { get; init; } = ProviderRequest.Version;

    public string Kind { get; init; } = "ProviderResponse";

    public required ProviderResponseBody Response { get; init; }
}
