using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>An extended signed attribute: a protected header outside the specification's own set.</summary>
/// <param name="Key">The header name (COSE integer labels are written as their decimal text).</param>
/// <param name="Critical">True when listed in <c>crit</c>.</param>
/// <param name="Value">The value as text, for messages.</param>
internal sealed record ExtendedAttribute(string Key, bool Critical, string Value);

/// <summary>Why an envelope could not be read or verified: a stable code and a message.</summary>
/// <param name="Code">A <see cref="Core.Errors.SignetErrorCode"/> value.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record EnvelopeFailure(string Code, string Message);

/// <summary>
/// A parsed Notary Project signature envelope (JWS or COSE) whose structure and header rules have been checked, but
/// whose signature and certificate chain have not yet been verified.
/// </summary>
internal sealed class EnvelopeContent
{
    /// <summary>JWS or COSE.</summary>
    public required SignatureFormat Format { get; init; }

    /// <summary>The signature algorithm named by the envelope.</summary>
    public required NotationAlgorithm Algorithm { get; init; }

    /// <summary>The payload bytes exactly as signed.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The payload content type (<c>cty</c> / COSE label 3).</summary>
    public required string PayloadContentType { get; init; }

    /// <summary><see cref="NotationConstants.SchemeX509"/> or <see cref="NotationConstants.SchemeX509SigningAuthority"/>.</summary>
    public required string SigningScheme { get; init; }

    /// <summary>The signing time: claimed (notary.x509) or authentic (signingAuthority).</summary>
    public required DateTimeOffset SigningTime { get; init; }

    /// <summary>Expiry, when present.</summary>
    public DateTimeOffset? Expiry { get; init; }

    /// <summary>Extended signed attributes, critical or not.</summary>
    public required IReadOnlyList<ExtendedAttribute> ExtendedAttributes { get; init; }

    /// <summary>The certificate chain and the facts derived from it.</summary>
    public required SignerChain Chain { get; init; }

    /// <summary>The certificate chain, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Certificates => Chain.Certificates;

    /// <summary>The primitive signature bytes (what a timestamp countersigns).</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The bytes the JWS signature covers (ASCII <c>protected.payload</c>); null for COSE.</summary>
    public ReadOnlyMemory<byte>? SigningInput { get; init; }

    /// <summary>The decoded COSE message, verified with the BCL's COSE implementation; null for JWS.</summary>
    public CoseSign1Message? CoseMessage { get; init; }

    /// <summary>The signing agent, when present (informational, unsigned).</summary>
    public string? SigningAgent { get; init; }

    /// <summary>The RFC 3161 timestamp token over <see cref="Signature"/>, when present (unsigned).</summary>
    public ReadOnlyMemory<byte>? TimestampToken { get; init; }

    /// <summary>True for the signing-authority scheme, whose signing time is authenticated.</summary>
    public bool IsSigningAuthority => SigningScheme == NotationConstants.SchemeX509SigningAuthority;
}
