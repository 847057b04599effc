namespace Signet.Core.Errors;

/// <summary>
/// Stable reason codes for every outcome a user can cause (a denial, a bad signature, an invalid input). Codes never
/// change meaning once released; <c>docs/troubleshooting.md</c> has a section per code.
/// </summary>
public static class SignetErrorCode
{
    /// <summary>An image reference does not parse.</summary>
    public const string InvalidReference = "INVALID_REFERENCE";

    /// <summary>A digest does not parse or uses an unsupported algorithm.</summary>
    public const string InvalidDigest = "INVALID_DIGEST";

    /// <summary>Content does not hash to the digest it was fetched by.</summary>
    public const string DigestMismatch = "DIGEST_MISMATCH";

    /// <summary>A manifest or index is malformed or too large.</summary>
    public const string InvalidManifest = "INVALID_MANIFEST";

    /// <summary>The image or its manifest was not found.</summary>
    public const string ManifestNotFound = "MANIFEST_NOT_FOUND";

    /// <summary>A blob (config, layer, signature envelope) named by a manifest is not in the store.</summary>
    public const string BlobNotFound = "BLOB_NOT_FOUND";

    /// <summary>Content is larger than the limit that applies to it (manifest, blob, layout index).</summary>
    public const string ContentTooLarge = "CONTENT_TOO_LARGE";

    /// <summary>A directory is not a readable OCI image layout (no or bad <c>oci-layout</c>, bad <c>index.json</c>).</summary>
    public const string InvalidLayout = "INVALID_LAYOUT";

    /// <summary>No signature is attached to the image.</summary>
    public const string SignatureNotFound = "SIGNATURE_NOT_FOUND";

    /// <summary>A signature is malformed (envelope, payload, encoding).</summary>
    public const string SignatureMalformed = "SIGNATURE_MALFORMED";

    /// <summary>A signature, its payload or its annotation is larger than the configured limit (read no further).</summary>
    public const string SignatureTooLarge = "SIGNATURE_TOO_LARGE";

    /// <summary>A signature's cryptographic check failed.</summary>
    public const string SignatureInvalid = "SIGNATURE_INVALID";

    /// <summary>A signature signs another image (payload digest or repository differs from the subject).</summary>
    public const string SignatureSubjectMismatch = "SIGNATURE_SUBJECT_MISMATCH";

    /// <summary>A signature has expired.</summary>
    public const string SignatureExpired = "SIGNATURE_EXPIRED";

    /// <summary>The signature's algorithm is not supported or does not fit the key.</summary>
    public const string UnsupportedAlgorithm = "UNSUPPORTED_ALGORITHM";

    /// <summary>The signing key or certificate is not trusted by the policy.</summary>
    public const string KeyNotTrusted = "KEY_NOT_TRUSTED";

    /// <summary>The key version that made the signature is disabled or scheduled for deletion.</summary>
    public const string KeyVersionDisabled = "KEY_VERSION_DISABLED";

    /// <summary>The certificate chain does not meet the rules or does not reach a trusted root.</summary>
    public const string CertificateChainInvalid = "CERTIFICATE_CHAIN_INVALID";

    /// <summary>The signer's identity is not in the trusted identities.</summary>
    public const string IdentityNotTrusted = "IDENTITY_NOT_TRUSTED";

    /// <summary>A timestamp countersignature is missing or invalid.</summary>
    public const string TimestampInvalid = "TIMESTAMP_INVALID";

    /// <summary>An image is referenced by tag only where the policy requires a digest.</summary>
    public const string TagNotPinned = "TAG_NOT_PINNED";

    /// <summary>The registry could not be reached or answered with a server error.</summary>
    public const string RegistryUnreachable = "REGISTRY_UNREACHABLE";

    /// <summary>The registry refused the credentials.</summary>
    public const string RegistryUnauthorized = "REGISTRY_UNAUTHORIZED";

    /// <summary>More signatures than the configured limit were attached.</summary>
    public const string TooManySignatures = "TOO_MANY_SIGNATURES";

    /// <summary>No policy rule covers the image and the policy denies unmatched images.</summary>
    public const string NoPolicyMatch = "NO_POLICY_MATCH";

    /// <summary>The policy document is invalid.</summary>
    public const string PolicyInvalid = "POLICY_INVALID";

    /// <summary>The decision could not be made within the deadline.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";

    /// <summary>The policy is disabled (<c>enabled: false</c>); every image is admitted.</summary>
    public const string PolicyDisabled = "POLICY_DISABLED";

    /// <summary>The image or its namespace is exempted by the policy; it was admitted without verification.</summary>
    public const string ImageExempt = "IMAGE_EXEMPT";

    /// <summary>The matching rule trusts no key, certificate or trust policy; images are admitted signed or unsigned (OKE semantics).</summary>
    public const string NoTrustConfigured = "NO_TRUST_CONFIGURED";

    /// <summary>The Notary Project trust policy statement for the image has level <c>skip</c>; no verification was done.</summary>
    public const string VerificationSkipped = "VERIFICATION_SKIPPED";

    /// <summary>Fewer distinct trusted cosign keys signed the image than the rule's threshold requires.</summary>
    public const string ThresholdNotMet = "THRESHOLD_NOT_MET";

    /// <summary>No statement of the rule's Notary Project trust policy covers the image's repository.</summary>
    public const string TrustPolicyNotApplicable = "TRUST_POLICY_NOT_APPLICABLE";

    /// <summary>The registry was unreachable and the digest was admitted because this policy generation verified it within the last-known-good window.</summary>
    public const string LastKnownGood = "LAST_KNOWN_GOOD";

    /// <summary>Break-glass was requested by annotation and granted; verification was skipped and the use recorded.</summary>
    public const string BreakGlassUsed = "BREAK_GLASS_USED";

    /// <summary>Break-glass was requested by a user or group the policy does not list (or the policy allows none); the images were verified as usual.</summary>
    public const string BreakGlassNotAllowed = "BREAK_GLASS_NOT_ALLOWED";

    /// <summary>Break-glass was requested after the policy's break-glass expiry; the images were verified as usual.</summary>
    public const string BreakGlassExpired = "BREAK_GLASS_EXPIRED";
    /// <summary>A signature marks a header critical that Signet does not process (or requires a verification plugin).</summary>
    public const string UnknownCriticalHeader = "UNKNOWN_CRITICAL_HEADER";

    /// <summary>A signature artifact or envelope has a media type the verifier does not read.</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>A certificate of the signature's chain is expired or not yet valid at the time it is checked against.</summary>
    public const string CertificateExpired = "CERTIFICATE_EXPIRED";

    /// <summary>The revocation status of a certificate could not be determined (no OCSP/CRL access).</summary>
    public const string RevocationUnknown = "REVOCATION_UNKNOWN";
    /// <summary>An AdmissionReview or ProviderRequest is malformed (not JSON, wrong apiVersion/kind, no uid, a container without an image).</summary>
    public const string InvalidAdmissionRequest = "INVALID_ADMISSION_REQUEST";

    /// <summary>A request body is larger than the configured limit.</summary>
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>The webhook was called for a kind whose containers Signet cannot find.</summary>
    public const string UnsupportedKind = "UNSUPPORTED_KIND";

    /// <summary>The decision failed for a reason inside Signet (a bug or an unavailable dependency); the request is denied.</summary>
    public const string EvaluationFailed = "EVALUATION_FAILED";
}
