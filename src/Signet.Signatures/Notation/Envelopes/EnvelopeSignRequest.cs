namespace Signet.Signatures.Notation.Envelopes;

/// <summary>An extended signed attribute to write into the protected header.</summary>
/// <param name="Key">The header name.</param>
/// <param name="Value">The string value.</param>
/// <param name="Critical">True to list it in <c>crit</c> (verifiers that do not know it must then fail).</param>
internal sealed record SignedAttribute(string Key, string Value, bool Critical);

/// <summary>Everything an envelope encodes except the signature, which the key vault computes over the signing input.</summary>
internal sealed record EnvelopeSignRequest
{
    /// <summary>The algorithm (from the leaf certificate's key).</summary>
    public required NotationAlgorithm Algorithm { get; init; }

    /// <summary>The payload bytes (re-encoded with sorted keys for JWS, as notation-go does).</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The payload content type.</summary>
    public string PayloadContentType { get; init; } = Core.Oci.MediaTypes.NotaryPayload;

    /// <summary>The signing scheme.</summary>
    public string SigningScheme { get; init; } = NotationConstants.SchemeX509;

    /// <summary>Signing time, truncated to whole seconds.</summary>
    public required DateTimeOffset SigningTime { get; init; }

    /// <summary>Expiry, when the signature should expire.</summary>
    public DateTimeOffset? Expiry { get; init; }

    /// <summary>Extended signed attributes, in order.</summary>
    public IReadOnlyList<SignedAttribute> ExtendedAttributes { get; init; } = [];

    /// <summary>The certificate chain as DER, leaf first (may be empty only for encoding tests).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; } = [];

    /// <summary>The signing agent (unprotected, informational).</summary>
    public string? SigningAgent { get; init; }
}
