using Signet.Core.Digests;
using Signet.Signatures;

namespace Signet.Policy.Verdicts;

/// <summary>One signature found on the image, and whether the policy accepted it (and if not, why).</summary>
public sealed record SignatureFinding
{
    /// <summary>The signature format.</summary>
    public required SignatureFormat Format { get; init; }

    /// <summary>Who signed: key id and version, or certificate identity.</summary>
    public SignerIdentity? Signer { get; init; }

    /// <summary>The signature algorithm.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The signature artifact's digest.</summary>
    public Digest? SignatureDigest { get; init; }

    /// <summary>The digest the signature was found on (the platform manifest, or its index when inherited).</summary>
    public Digest? Subject { get; init; }

    /// <summary>True when the signature counts towards the rule's trust.</summary>
    public required bool Accepted { get; init; }

    /// <summary><c>VERIFIED</c> or the reason code it was rejected with.</summary>
    public required string Code { get; init; }

    /// <summary>Why it was accepted or rejected.</summary>
    public required string Reason { get; init; }

    /// <summary>Findings the verifier only logged (Notary Project permissive and audit levels).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
