using System.Text.Json;

namespace Signet.Webhook.Gatekeeper;

/// <summary>One key's answer: a value (a Ratify-shaped verification report, or the pinned reference for mutation) or an error.</summary>
internal sealed record ProviderItem
{
    public required string Key { get; init; }

    /// <summary>A <see cref="RatifyVerificationResult"/> object for verification, a string for mutation.</summary>
    public JsonElement? Value { get; init; }

    public string? Error { get; init; }
}
