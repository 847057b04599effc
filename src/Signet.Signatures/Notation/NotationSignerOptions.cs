namespace Signet.Signatures.Notation;

/// <summary>How Notary Project signatures are written.</summary>
public sealed record NotationSignerOptions
{
    /// <summary>The envelope: <see cref="SignatureFormat.NotationJws"/> (notation's default) or <see cref="SignatureFormat.NotationCose"/>.</summary>
    public SignatureFormat Envelope { get; init; } = SignatureFormat.NotationJws;

    /// <summary>The unprotected <c>io.cncf.notary.signingAgent</c> value.</summary>
    public string SigningAgent { get; init; } = "Signet/1.0";

    /// <summary>The most certificates a signing chain may hold.</summary>
    public int MaxCertificateChainLength { get; init; } = 10;
}
