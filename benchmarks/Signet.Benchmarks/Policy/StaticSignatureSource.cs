using Signet.Core.References;
using Signet.Policy.Evaluation;
using Signet.Signatures;

namespace Signet.Benchmarks.Policy;

/// <summary>The policy seam answering from memory: one valid vault signature by a given key on every digest.</summary>
internal sealed class StaticSignatureSource(string keyId) : IImageSignatureSource
{
    public Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ResolvedImage { Reference = reference, Digest = reference.Digest!.Value, MediaType = "application/vnd.oci.image.manifest.v1+json" });

    public Task<IReadOnlyList<SignatureVerificationResult>> VerifySignaturesAsync(SignatureQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SignatureVerificationResult>>(
        [
            new SignatureVerificationResult
            {
                Format = SignatureFormat.Vault,
                IsValid = true,
                Code = SignatureVerificationResult.Verified,
                Message = "valid",
                Signer = new SignerIdentity { KeyId = keyId, KeyVersion = "v1" },
                Algorithm = "SHA_256_RSA_PKCS_PSS",
            },
        ]);
}
