namespace Signet.Webhook.Gatekeeper;

/// <summary>
/// A Gatekeeper external data request (<c>externaldata.gatekeeper.sh/v1beta1</c> ProviderRequest,
/// https://open-policy-agent.github.io/gatekeeper/website/docs/externaldata): the image references to verify.
/// </summary>
internal sealed record ProviderRequest
{
    /// <summary>The API version Gatekeeper sends.</summary>
    public const string Version = "externaldata.gatekeeper.sh/v1beta1";

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ProviderRequestBody? Request { get; init; }
}
