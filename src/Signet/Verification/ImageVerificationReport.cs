using Signet.Core.Oci;
using Signet.Signatures;
using Signet.Targets;

namespace Signet.Verification;

/// <summary>Everything verification learned about one image: what it resolved to, what was attached, and each signature's outcome.</summary>
public sealed record ImageVerificationReport
{
    /// <summary>The image as resolved.</summary>
    public required ImageTarget Target { get; init; }

    /// <summary>The manifest the reference resolved to.</summary>
    public required Descriptor Subject { get; init; }

    /// <summary>One result per signature examined.</summary>
    public required IReadOnlyList<SignatureVerificationResult> Results { get; init; }

    /// <summary>Signature artifacts that were attached but in a format no configured verifier reads.</summary>
    public IReadOnlyList<DiscoveredSignature> Unverified { get; init; } = [];

    /// <summary>The discovery outcome (truncation, unreadable artifacts).</summary>
    public required SignatureDiscoveryResult Discovery { get; init; }

    /// <summary>True when at least one signature is valid and trusted.</summary>
    public bool IsVerified => Results.Any(r => r.IsValid);
}
