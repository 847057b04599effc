using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Policy.Evaluation;
using Signet.Registry;
using Signet.Signatures;
using Signet.Targets;
using Signet.Verification;

namespace Signet.Policy;

/// <summary>
/// The policy's window on registries and signatures (<see cref="IImageSignatureSource"/>), built from the same
/// resolver, discovery and verifiers the CLI uses. Registry failures become <see cref="ImageSourceException"/> with
/// their stable code, so the evaluator fails closed; a bad signature is only ever a failed result.
/// </summary>
public sealed class RegistryImageSignatureSource : IImageSignatureSource
{
    private readonly ImageTargetResolver _resolver;
    private readonly ImageVerifier _verifier;
    private readonly TrustVerifierFactory _verifiers;

    /// <summary>Creates the source.</summary>
    public RegistryImageSignatureSource(ImageTargetResolver resolver, ImageVerifier verifier, TrustVerifierFactory verifiers)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(verifiers);
        _resolver = resolver;
        _verifier = verifier;
        _verifiers = verifiers;
    }

    /// <inheritdoc />
    public async Task<ResolvedImage> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await GuardAsync(reference, async () =>
        {
            var repository = _resolver.GetRepository(reference);
            var descriptor = await repository.ResolveAsync(reference.ManifestReference, cancellationToken).ConfigureAwait(false);
            Core.Digests.Digest? indexDigest = null;
            if (reference.HasDigest && reference.Tag is { } tag)
            {
                // repo:tag@digest — when the tag names an index that lists this digest, report the index so a rule
                // that lets platform manifests inherit their index's signatures can apply.
                var tagged = await repository.TryResolveAsync(tag, cancellationToken).ConfigureAwait(false);
                if (tagged is not null && tagged.Digest != descriptor.Digest && MediaTypes.IsIndex(tagged.MediaType))
                {
                    var index = await repository.FetchManifestAsync(tagged.Digest.ToString(), cancellationToken).ConfigureAwait(false);
                    if (index.Index?.Manifests.Any(m => m.Digest == descriptor.Digest) == true)
                    {
                        indexDigest = tagged.Digest;
                    }
                }
            }

            IReadOnlyList<Core.Digests.Digest> platforms = [];
            if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var index = await repository.FetchManifestAsync(descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
                platforms = index.Index?.Manifests.Select(m => m.Digest).ToList() ?? [];
            }

            return new ResolvedImage
            {
                Reference = reference.WithDigest(descriptor.Digest),
                Digest = descriptor.Digest,
                MediaType = descriptor.MediaType,
                Size = descriptor.Size,
                IsIndex = MediaTypes.IsIndex(descriptor.MediaType),
                PlatformDigests = platforms,
                IndexDigest = indexDigest,
            };
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SignatureVerificationResult>> VerifySignaturesAsync(SignatureQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var verifiers = _verifiers.ForRule(query.Rule, query.Generation);
        if (verifiers.Count == 0)
        {
            return [];
        }

        var image = query.Image.Reference;
        return await GuardAsync(image, async () =>
        {
            var repository = _resolver.GetRepository(image);
            var subject = query.Subject == query.Image.Digest
                ? new Descriptor { MediaType = query.Image.MediaType, Digest = query.Image.Digest, Size = query.Image.Size }
                : await repository.ResolveAsync(query.Subject.ToString(), cancellationToken).ConfigureAwait(false);
            var (results, _, _) = await _verifier.VerifySubjectAsync(repository, query.SubjectReference, subject, verifiers, cancellationToken).ConfigureAwait(false);
            return results;
        }).ConfigureAwait(false);
    }

    private static async Task<T> GuardAsync<T>(ImageReference image, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (RegistryException ex)
        {
            throw new ImageSourceException(ex.Code, $"{image.Name}: {ex.Message}", ex);
        }
        catch (OciContentException ex)
        {
            throw new ImageSourceException(ex.IsNotFound ? SignetErrorCode.ManifestNotFound : ex.Code, $"{image.Name}: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new ImageSourceException(SignetErrorCode.InvalidManifest, $"{image.Name}: {ex.Message}", ex);
        }
    }
}
