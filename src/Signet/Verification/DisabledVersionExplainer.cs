using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures;

namespace Signet.Verification;

/// <summary>
/// Wraps the Notary Project verifier of vault-key certificates so that a signature by a disabled key version says so
/// (<c>KEY_VERSION_DISABLED</c>, as vault and cosign signatures do) instead of the generic "chain not trusted". Only a
/// result that failed on trust alone is rewritten, and only when its leaf is exactly the certificate Signet issued for
/// that version (by thumbprint): the signature is then known to be by that version, and it still fails.
/// </summary>
internal sealed class DisabledVersionExplainer(ISignatureVerifier inner, IReadOnlyDictionary<string, (string KeyId, string VersionId)> disabledLeaves)
    : ISignatureVerifier
{
    /// <inheritdoc />
    public SignatureFormat Format => inner.Format;

    /// <inheritdoc />
    public bool CanVerify(ImageManifest signatureManifest) => inner.CanVerify(signatureManifest);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(SignatureVerificationContext context, CancellationToken cancellationToken = default)
    {
        var results = await inner.VerifyAsync(context, cancellationToken).ConfigureAwait(false);
        return results.Select(Explain).ToList();
    }

    private SignatureVerificationResult Explain(SignatureVerificationResult result) =>
        !result.IsValid && result.Code == SignetErrorCode.KeyNotTrusted
        && result.Signer?.CertificateThumbprint is { } thumbprint && disabledLeaves.TryGetValue(thumbprint, out var version)
            ? result with
            {
                Code = SignetErrorCode.KeyVersionDisabled,
                Message = $"Signed by key '{version.KeyId}' version {version.VersionId}, which is disabled: its signatures no longer verify. Enable it with 'signet key enable' or re-sign with an enabled version.",
                Signer = result.Signer with { KeyId = version.KeyId, KeyVersion = version.VersionId },
            }
            : result;
}
