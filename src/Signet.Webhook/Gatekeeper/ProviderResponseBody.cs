using System.Text.Json.Serialization;

namespace Signet.Webhook.Gatekeeper;

/// <summary>The <c>response</c> of a ProviderResponse: one item per key, or a system error for the whole request.</summary>
internal sealed record ProviderResponseBody
{
    /// <summary>True for mutation providers (the same key always yields the same value).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool Idempotent { get; init; }

    public IReadOnlyList<ProviderItem> Items { get; init; } = [];

    /// <summary>Non-empty when the whole request failed; the stock Gatekeeper templates deny on it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string SystemError { get; init; } = string.Empty;
}
