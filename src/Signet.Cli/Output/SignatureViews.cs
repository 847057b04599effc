using Signet.Signatures;

namespace Signet.Cli.Output;

/// <summary>Who signed, as JSON output shows it.</summary>
/// <param name="KeyId">The vault key id, or the public key fingerprint.</param>
/// <param name="KeyVersion">The key version (vault keys).</param>
/// <param name="CertificateSubject">The leaf certificate subject (Notary Project).</param>
internal sealed record SignerView(string? KeyId, string? KeyVersion, string? CertificateSubject)
{
    public static SignerView? From(SignerIdentity? signer) =>
        signer is null ? null : new(signer.KeyId, signer.KeyVersion, signer.CertificateSubject);

    public override string ToString() =>
        KeyId is not null ? (KeyVersion is null ? KeyId : $"{KeyId} {KeyVersion}") : CertificateSubject ?? "unknown signer";
}

/// <summary><c>signet sign --output json</c>.</summary>
/// <param name="Image">The image pinned to the signed digest.</param>
/// <param name="Digest">The signed manifest digest.</param>
/// <param name="Format">The signature format.</param>
/// <param name="SignatureDigest">Digest of the stored signature manifest.</param>
/// <param name="Location">Where the signature was stored.</param>
/// <param name="Signer">The key version or certificate that signed.</param>
/// <param name="Algorithm">The signing algorithm.</param>
internal sealed record SignView(string Image, string Digest, string Format, string SignatureDigest, string Location, SignerView? Signer, string Algorithm);

/// <summary>One signature's outcome.</summary>
/// <param name="Format">The signature format.</param>
/// <param name="Valid">True when valid and trusted.</param>
/// <param name="Code"><c>VERIFIED</c> or the stable reason code.</param>
/// <param name="Message">What happened.</param>
/// <param name="SignatureDigest">Digest of the signature manifest.</param>
/// <param name="Signer">Who signed, when it could be read.</param>
/// <param name="Algorithm">The algorithm, when it could be read.</param>
/// <param name="SigningTime">The claimed signing time.</param>
internal sealed record SignatureResultView(string Format, bool Valid, string Code, string Message, string? SignatureDigest, SignerView? Signer, string? Algorithm, DateTimeOffset? SigningTime)
{
    public static SignatureResultView From(SignatureVerificationResult result) => new(
        result.Format.ToName(),
        result.IsValid,
        result.Code,
        result.Message,
        result.SignatureDigest?.ToString(),
        SignerView.From(result.Signer),
        result.Algorithm,
        result.SigningTime);
}

/// <summary>An attached artifact no verifier read (unknown key, unsupported format).</summary>
/// <param name="Digest">The artifact manifest digest.</param>
/// <param name="ArtifactType">Its artifact type or config media type.</param>
/// <param name="Source"><c>referrer</c> or <c>cosign-tag</c>.</param>
internal sealed record UnverifiedSignatureView(string Digest, string? ArtifactType, string Source);

/// <summary><c>signet verify --output json</c> and <c>signet signature list --output json</c>.</summary>
/// <param name="Image">The reference as given.</param>
/// <param name="Digest">The digest it resolved to.</param>
/// <param name="Verified">True when at least one signature is valid and trusted.</param>
/// <param name="Code"><c>VERIFIED</c> or the reason code of the decisive failure.</param>
/// <param name="Message">One line for people.</param>
/// <param name="Signatures">Each signature examined.</param>
/// <param name="Unverified">Artifacts no configured verifier read.</param>
internal sealed record VerifyView(string Image, string Digest, bool Verified, string Code, string Message, IReadOnlyList<SignatureResultView> Signatures, IReadOnlyList<UnverifiedSignatureView> Unverified);

/// <summary>An input of a batch that failed: which one, and the failure as the error document describes it.</summary>
/// <param name="Image">The reference as given.</param>
/// <param name="Error">The failure.</param>
internal sealed record BatchErrorView(string Image, ErrorView Error);

/// <summary><c>signet sign --output json</c> with more than one reference.</summary>
/// <param name="Images">One document per image signed, in the order given.</param>
/// <param name="Errors">The images that could not be signed.</param>
internal sealed record SignBatchView(IReadOnlyList<SignView> Images, IReadOnlyList<BatchErrorView> Errors);

/// <summary><c>signet verify --output json</c> with more than one reference.</summary>
/// <param name="Verified">True only when every image verified and none failed.</param>
/// <param name="Images">One document per image checked, in the order given.</param>
/// <param name="Errors">The images that could not be checked.</param>
internal sealed record VerifyBatchView(bool Verified, IReadOnlyList<VerifyView> Images, IReadOnlyList<BatchErrorView> Errors);
