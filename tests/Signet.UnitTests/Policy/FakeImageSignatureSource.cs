using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.References;
using Signet.Policy.Evaluation;
using Signet.Signatures;

namespace Signet.UnitTests.Policy;

/// <summary>
/// A pure in-memory implementation of the policy's own seam: tags, digests and pre-computed verification results.
/// No registry or verifier is imitated; the seam's contract is what the evaluator is tested against.
/// </summary>
internal sealed class FakeImageSignatureSource : IImageSignatureSource
{
    private readonly Dictionary<string, Digest> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, Digest> _indexOf = [];
    private readonly Dictionary<Digest, List<SignatureVerificationResult>> _signatures = [];

    public int ResolveCalls { get; private set; }

    public int VerifyCalls;

    public string? FailWith { get; set; }

    /// <summary>When set, VerifySignaturesAsync waits for it (single-flight tests).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public List<SignatureQuery> Queries { get; } = [];

    public static Digest DigestOf(string name) => Digest.Compute(System.Text.Encoding.UTF8.GetBytes(name));

    public FakeImageSignatureSource Tag(string reference, Digest digest)
    {
        _tags[ImageReference.Parse(reference).Canonical] = digest;
        return this;
    }

    public FakeImageSignatureSource PlatformOf(Digest platform, Digest index)
    {
        _indexOf[platform] = index;
        return this;
    }

    public FakeImageSignatureSource Sign(Digest digest, params SignatureVerificationResult[] results)
    {
        if (!_signatures.TryGetValue(digest, out var list))
        {
            _signatures[digest] = list = [];
        }

        list.AddRange(results);
        return this;
    }

    public Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ResolveCalls++;
        ThrowIfFailing();
        Digest digest;
        if (reference.Digest is { } pinned)
        {
            digest = pinned;
        }
        else if (!_tags.TryGetValue(reference.Canonical, out digest))
        {
            throw new ImageSourceException(SignetErrorCode.ManifestNotFound, $"{reference} not found.");
        }

        return Task.FromResult(new ResolvedImage
        {
            Reference = reference.WithDigestOnly(digest),
            Digest = digest,
            MediaType = "application/vnd.oci.image.manifest.v1+json",
            IndexDigest = _indexOf.TryGetValue(digest, out var index) ? index : null,
        });
    }

    public async Task<IReadOnlyList<SignatureVerificationResult>> VerifySignaturesAsync(SignatureQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref VerifyCalls);
        lock (Queries)
        {
            Queries.Add(query);
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        ThrowIfFailing();
        return _signatures.TryGetValue(query.Subject, out var list) ? list : [];
    }

    private void ThrowIfFailing()
    {
        if (FailWith is { } code)
        {
            throw new ImageSourceException(code, $"registry.example.com: connection refused ({code}).");
        }
    }

    public static SignatureVerificationResult Vault(string keyId, string version = "v1", bool valid = true, string? code = null) => new()
    {
        Format = SignatureFormat.Vault,
        IsValid = valid,
        Code = code ?? (valid ? SignatureVerificationResult.Verified : SignetErrorCode.SignatureInvalid),
        Message = valid ? "valid" : "the signature does not verify with the key.",
        Signer = new SignerIdentity { KeyId = keyId, KeyVersion = version },
        Algorithm = "SHA_256_RSA_PKCS_PSS",
    };

    public static SignatureVerificationResult Cosign(string keyId, bool valid = true) => new()
    {
        Format = SignatureFormat.Cosign,
        IsValid = valid,
        Code = valid ? SignatureVerificationResult.Verified : SignetErrorCode.SignatureInvalid,
        Message = valid ? "valid" : "bad cosign signature.",
        Signer = new SignerIdentity { KeyId = keyId },
        Algorithm = "ECDSA_SHA_256",
    };

    public static SignatureVerificationResult Notation(bool valid = true, string? code = null, params string[] warnings) => new()
    {
        Format = SignatureFormat.NotationJws,
        IsValid = valid,
        Code = code ?? (valid ? SignatureVerificationResult.Verified : SignetErrorCode.CertificateChainInvalid),
        Message = valid ? "valid" : "the chain does not reach a trusted root.",
        Signer = new SignerIdentity { CertificateSubject = "CN=builder,O=Example,ST=WA,C=US" },
        Algorithm = "ECDSA_SHA_256",
        Warnings = warnings,
    };
}
