namespace Signet.Signatures;

/// <summary>
/// Verifies one signature format against trust material fixed when the verifier is built (public keys, trusted key
/// ids, trust policy and stores). Bad signature data never throws: every outcome is a
/// <see cref="SignatureVerificationResult"/> with a stable code. Only failures of the machine (the repository cannot
/// be read, cancellation) propagate as exceptions.
/// </summary>
public interface ISignatureVerifier
{
    /// <summary>The format this verifier reads.</summary>
    SignatureFormat Format { get; }

    /// <summary>True when the signature manifest is an artifact of this format (by artifact type, config or layer media type).</summary>
    bool CanVerify(Core.Oci.ImageManifest signatureManifest);

    /// <summary>
    /// Verifies every signature the artifact holds (one for Notary Project and vault signatures, one per layer for a
    /// cosign attachment) and returns one result each.
    /// </summary>
    Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(SignatureVerificationContext context, CancellationToken cancellationToken = default);
}
