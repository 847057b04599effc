using Signet.Core.Digests;

namespace Signet.Signatures;

/// <summary>Who made a signature: a vault key version or a certificate identity.</summary>
public sealed record SignerIdentity
{
    /// <summary>The key id (vault key, or the SHA-256 fingerprint of a bare public key as <c>sha256:&lt;hex&gt;</c>).</summary>
    public string? KeyId { get; init; }

    /// <summary>The key version, for vault keys.</summary>
    public string? KeyVersion { get; init; }

    /// <summary>The leaf certificate subject (RFC 2253), for Notary Project signatures.</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>The leaf certificate SHA-256 thumbprint (lower-case hex).</summary>
    public string? CertificateThumbprint { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        CertificateSubject ?? (KeyVersion is null ? KeyId ?? "unknown signer" : $"{KeyId} (version {KeyVersion})");
}

/// <summary>
/// The outcome of verifying one signature: valid or not, with a stable code from
/// <see cref="Core.Errors.SignetErrorCode"/> (or <see cref="Verified"/>), a message a user can act on, and the facts
/// read from the signature.
/// </summary>
public sealed record SignatureVerificationResult
{
    /// <summary>The code of a successful verification.</summary>
    public const string Verified = "VERIFIED";

    /// <summary>The format.</summary>
    public required SignatureFormat Format { get; init; }

    /// <summary>True when the signature is valid and trusted for the subject.</summary>
    public required bool IsValid { get; init; }

    /// <summary><see cref="Verified"/> or a <see cref="Core.Errors.SignetErrorCode"/> value.</summary>
    public required string Code { get; init; }

    /// <summary>What happened, with the detail that identifies the signature.</summary>
    public required string Message { get; init; }

    /// <summary>Digest of the signature artifact's manifest.</summary>
    public Digest? SignatureDigest { get; init; }

    /// <summary>The signer, when it could be read.</summary>
    public SignerIdentity? Signer { get; init; }

    /// <summary>The signature algorithm, when it could be read.</summary>
    public string? Algorithm { get; init; }

    /// <summary>Signing time claimed by the signature, when present.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>Expiry claimed by the signature, when present.</summary>
    public DateTimeOffset? Expiry { get; init; }

    /// <summary>The checks that passed, in order (<c>integrity</c>, <c>authenticity</c>…), for explaining a verdict.</summary>
    public IReadOnlyList<string> PassedChecks { get; init; } = [];

    /// <summary>Findings that were only logged (Notary Project permissive/audit levels).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
