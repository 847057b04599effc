using Signet.Core.References;
using Signet.Signatures;

namespace Signet.Policy.Evaluation;

/// <summary>
/// The policy's only window on the outside world, implemented by the application layer (<c>src/Signet</c>) with the
/// registry client and the signature verifiers. The evaluator decides; this seam fetches and checks.
/// </summary>
/// <remarks>
/// Contract (docs/design/policy-evaluation.md): both methods throw <see cref="ImageSourceException"/> for failures of
/// the machine (registry unreachable, 5xx, credentials refused, image not found), and never for a bad signature —
/// a bad signature is a <see cref="SignatureVerificationResult"/> with <c>IsValid == false</c>. Cancellation
/// propagates as <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IImageSignatureSource
{
    /// <summary>
    /// Resolves a reference to the manifest it names: by tag (HEAD/GET the tag) or by digest (checks it exists). When
    /// the reference has a tag and a digest, or the digest is a platform manifest of an index the tag names, the
    /// index's digest is reported in <see cref="ResolvedImage.IndexDigest"/>.
    /// </summary>
    Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the signatures attached to <see cref="SignatureQuery.Subject"/> (referrers and the cosign tag) and
    /// verifies each with verifiers built from <see cref="SignatureQuery.Trust"/>; returns one result per signature,
    /// empty when none is attached.
    /// </summary>
    Task<IReadOnlyList<SignatureVerificationResult>> VerifySignaturesAsync(SignatureQuery query, CancellationToken cancellationToken = default);
}
