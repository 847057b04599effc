using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Signatures;

namespace Signet.Verification;

/// <summary>
/// Wraps a verifier of vault-key signatures that trusts only enabled versions, so that a signature by a disabled key
/// version says so (<c>KEY_VERSION_DISABLED</c>, as vault signatures do) instead of a generic failure. The version is
/// identified with certainty or not at all, and the result stays a failure: Notary Project signatures by the exact leaf
/// certificate Signet issued for that version (by thumbprint) that failed on trust alone; cosign signatures that
/// verify cryptographically under the disabled version's public key.
/// </summary>
internal static class DisabledVersionExplainer
{
    /// <summary>Notary Project: leaf thumbprints of disabled versions.</summary>
    public static ISignatureVerifier ForNotation(ISignatureVerifier inner, IReadOnlyDictionary<string, (string KeyId, string VersionId)> disabledLeaves) =>
        disabledLeaves.Count == 0
            ? inner
            : new Explaining(inner, (_, results, _) => Task.FromResult<IReadOnlyList<SignatureVerificationResult>>(results.Select(result =>
                !result.IsValid && result.Code == SignetErrorCode.KeyNotTrusted
                && result.Signer?.CertificateThumbprint is { } thumbprint && disabledLeaves.TryGetValue(thumbprint, out var version)
                    ? Disabled(result, version.KeyId, version.VersionId)
                    : result).ToList()));

    /// <summary>cosign: a verifier holding only the disabled versions' public keys.</summary>
    public static ISignatureVerifier ForCosign(ISignatureVerifier inner, ISignatureVerifier? disabledKeys) =>
        disabledKeys is null
            ? inner
            : new Explaining(inner, async (context, results, cancellationToken) =>
            {
                if (!results.Any(r => r.Code == SignetErrorCode.SignatureInvalid))
                {
                    return results;
                }

                // One result per layer of the attachment, in the same order from both verifiers.
                var byDisabled = await disabledKeys.VerifyAsync(context, cancellationToken).ConfigureAwait(false);
                return results.Select((result, i) =>
                    result.Code == SignetErrorCode.SignatureInvalid && i < byDisabled.Count && byDisabled[i] is { IsValid: true, Signer: { KeyId: { } keyId, KeyVersion: { } versionId } }
                        ? Disabled(result, keyId, versionId)
                        : result).ToList();
            });

    private static SignatureVerificationResult Disabled(SignatureVerificationResult result, string keyId, string versionId) => result with
    {
        Code = SignetErrorCode.KeyVersionDisabled,
        Message = $"Signed by key '{keyId}' version {versionId}, which is disabled: its signatures no longer verify. Enable it with 'signet key enable' or re-sign with an enabled version.",
        Signer = (result.Signer ?? new SignerIdentity()) with { KeyId = keyId, KeyVersion = versionId },
    };

    // The inner verifier's results, passed through the format's explanation (which only ever rewrites failures).
    private sealed class Explaining(
        ISignatureVerifier inner,
        Func<SignatureVerificationContext, IReadOnlyList<SignatureVerificationResult>, CancellationToken, Task<IReadOnlyList<SignatureVerificationResult>>> explain)
        : ISignatureVerifier
    {
        public SignatureFormat Format => inner.Format;

        public bool CanVerify(ImageManifest signatureManifest) => inner.CanVerify(signatureManifest);

        public async Task<IReadOnlyList<SignatureVerificationResult>> VerifyAsync(SignatureVerificationContext context, CancellationToken cancellationToken = default) =>
            await explain(context, await inner.VerifyAsync(context, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }
}
