namespace Signet.Webhook.Gatekeeper;

/// <summary>One verifier's report inside a <see cref="RatifyVerificationResult"/>.</summary>
internal sealed record RatifyVerifierReport
{
    public required string Subject { get; init; }

    public required bool IsSuccess { get; init; }

    public string Name { get; init; } = "signet";

    public string VerifierName { get; init; } = "signet";

    public string Type { get; init; } = "signet";

    public string VerifierType { get; init; } = "signet";

    public string? ReferenceDigest { get; init; }

    public string? ArtifactType { get; init; }

    public required string Message { get; init; }

    public string? ErrorReason { get; init; }

    public IReadOnlyDictionary<string, string>? Extensions { get; init; }
}
