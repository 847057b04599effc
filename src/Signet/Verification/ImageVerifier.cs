using Signet.Admission;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Targets;

namespace Signet.Verification;

/// <summary>
/// Verifies the signatures of an image: resolve the reference to a digest, discover the attached signature artifacts,
/// and let every verifier that reads an artifact's format check it. Used by the CLI directly and, through
/// <see cref="Policy.RegistryImageSignatureSource"/>, by the admission path — one pipeline for both.
/// </summary>
public sealed class ImageVerifier
{
    private readonly SignatureDiscovery _discovery;

    // Absent in the CLI, which exports no metrics; the webhook registers it.
    private readonly SignetMetrics? _metrics;

    /// <summary>Creates the verifier.</summary>
    public ImageVerifier(SignatureDiscovery discovery, SignetMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        _discovery = discovery;
        _metrics = metrics;
    }

    /// <summary>Resolves <paramref name="target"/> and verifies its signatures with <paramref name="verifiers"/>.</summary>
    public async Task<ImageVerificationReport> VerifyAsync(ImageTarget target, IReadOnlyList<ISignatureVerifier> verifiers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var subject = await target.Repository.ResolveAsync(target.ManifestReference, cancellationToken).ConfigureAwait(false);
        var (results, unverified, discovery) = await VerifySubjectAsync(target.Repository, target.Image.WithDigestOnly(subject.Digest), subject, verifiers, cancellationToken).ConfigureAwait(false);
        return new ImageVerificationReport { Target = target, Subject = subject, Results = results, Unverified = unverified, Discovery = discovery };
    }

    /// <summary>Verifies the signatures attached to <paramref name="subject"/> (already resolved).</summary>
    public async Task<(IReadOnlyList<SignatureVerificationResult> Results, IReadOnlyList<DiscoveredSignature> Unverified, SignatureDiscoveryResult Discovery)> VerifySubjectAsync(
        IOciRepository repository,
        ImageReference image,
        Descriptor subject,
        IReadOnlyList<ISignatureVerifier> verifiers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(verifiers);
        var discovery = await _discovery.DiscoverAsync(repository, subject.Digest, cancellationToken).ConfigureAwait(false);
        var results = new List<SignatureVerificationResult>();
        var unverified = new List<DiscoveredSignature>();
        foreach (var signature in discovery.Signatures)
        {
            var manifest = signature.Manifest.Manifest!;
            var any = false;
            foreach (var verifier in verifiers)
            {
                if (!verifier.CanVerify(manifest))
                {
                    continue;
                }

                any = true;
                var context = new SignatureVerificationContext
                {
                    Subject = subject,
                    Image = image,
                    SignatureManifest = signature.Manifest,
                    Repository = repository,
                };
                foreach (var result in await verifier.VerifyAsync(context, cancellationToken).ConfigureAwait(false))
                {
                    _metrics?.RecordVerification(result.Format.ToName(), result.Code);
                    results.Add(result);
                }
            }

            if (!any)
            {
                unverified.Add(signature);
            }
        }

        return (results, unverified, discovery);
    }
}
