using Signet.Core.Errors;

namespace Signet.Policy.Evaluation;

/// <summary>The next step a user can take for each reason code (shown in verdicts and the API server's message).</summary>
internal static class PolicyHints
{
    public static string? For(string code, string? reference, string? rule) => code switch
    {
        SignetErrorCode.SignatureNotFound => $"sign the image by digest (signet sign {reference ?? "<image>@sha256:…"} --key <trusted key>) and push the signature to the same repository",
        SignetErrorCode.KeyNotTrusted => $"sign with a key that rule '{rule}' trusts, or add the signer's key to the rule's trust",
        SignetErrorCode.ThresholdNotMet => $"collect signatures from more of the cosign keys rule '{rule}' lists",
        SignetErrorCode.TagNotPinned => "reference the image by digest (image@sha256:…), e.g. with 'signet resolve <image>', or set spec.pinDigests: true",
        SignetErrorCode.NoPolicyMatch => "add a rule whose scope covers this image, or set spec.noMatch to warn or allow",
        SignetErrorCode.RegistryUnreachable => "check the webhook's network path and credentials for the registry, then retry; spec.lastKnownGood admits recently verified digests during outages",
        SignetErrorCode.RegistryUnauthorized => "give the webhook pull credentials for this registry",
        SignetErrorCode.ManifestNotFound => "check the image name and digest; the registry does not have it",
        SignetErrorCode.InvalidReference => "fix the image reference in the Pod spec",
        SignetErrorCode.SignatureExpired => "re-sign the image; the signature's expiry has passed",
        SignetErrorCode.KeyVersionDisabled => "re-sign the image with an enabled key version",
        SignetErrorCode.SignatureInvalid or SignetErrorCode.SignatureMalformed or SignetErrorCode.SignatureSubjectMismatch or SignetErrorCode.DigestMismatch
            => "delete the bad signature and re-sign the image by digest",
        SignetErrorCode.CertificateChainInvalid or SignetErrorCode.IdentityNotTrusted
            => $"check the signing certificate against the trust stores and trustedIdentities of rule '{rule}'",
        SignetErrorCode.TrustPolicyNotApplicable => $"add a statement for this repository (or '*') to the Notary Project trust policy of rule '{rule}'",
        _ => null,
    };
}
