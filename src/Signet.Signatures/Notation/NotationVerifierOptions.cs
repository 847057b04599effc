namespace Signet.Signatures.Notation;

/// <summary>Bounds applied while verifying Notary Project signatures.</summary>
public sealed record NotationVerifierOptions
{
    /// <summary>
    /// The largest envelope blob read (default 4 MiB; notation-go allows 32 MiB, real envelopes are a few KiB plus
    /// the certificate chain and timestamp token).
    /// </summary>
    public long MaxEnvelopeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The most certificates an envelope's chain may hold (default 10).</summary>
    public int MaxCertificateChainLength { get; init; } = 10;
}
