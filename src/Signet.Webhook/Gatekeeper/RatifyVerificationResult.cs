namespace Signet.Webhook.Gatekeeper;

/// <summary>
/// The per-image value in the shape Ratify v1 returns (<c>ratify-project/ratify:httpserver/types.go@v1.4.0</c>), so
/// that existing Gatekeeper constraint templates written for Ratify work unchanged with Signet.
/// </summary>
internal sealed record RatifyVerificationResult
{
    public string Version { get; init; } = "0.2.0";

    public required bool IsSuccess { get; init; }

    public string? TraceID { get; init; }

    public required string Timestamp { get; init; }

    public required IReadOnlyList<RatifyVerifierReport> VerifierReports { get; init; }
}
