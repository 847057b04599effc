using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core.Errors;
using Signet.Keys;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Targets;

namespace Signet.Signing;

/// <summary>
/// Signs an image by digest and stores the signature next to it: resolve the reference (a tag becomes a digest first),
/// build the format's artifact with a vault key, push its blobs and manifest as an OCI 1.1 referrer (the registry
/// client writes the tag-schema fallback where the referrers API is missing) or append it to the cosign
/// <c>.sig</c> tag, keeping the signatures already there.
/// </summary>
public sealed partial class ImageSigner
{
    private readonly ImageTargetResolver _resolver;
    private readonly KeyVault _vault;
    private readonly Dictionary<SignatureFormat, ISignatureSigner> _signers;
    private readonly NotationKeyCertificates _certificates;
    private readonly ILogger _logger;

    /// <summary>Creates the signer over the registered format signers.</summary>
    public ImageSigner(ImageTargetResolver resolver, KeyVault vault, IEnumerable<ISignatureSigner> signers, NotationKeyCertificates certificates, ILogger<ImageSigner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(certificates);
        _resolver = resolver;
        _vault = vault;
        _signers = signers.ToDictionary(s => s.Format);
        _certificates = certificates;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Signs the image and stores the signature; throws for registry or key failures.</summary>
    public async Task<SignImageResult> SignAsync(SignImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_signers.TryGetValue(request.Format, out var signer))
        {
            throw new ArgumentException($"No signer is registered for the {request.Format} format.", nameof(request));
        }

        var target = _resolver.Resolve(request.Reference, request.Credentials);
        var subject = await target.Repository.ResolveAsync(target.ManifestReference, cancellationToken).ConfigureAwait(false);
        var key = await _vault.GetKeyAsync(request.KeyId, cancellationToken).ConfigureAwait(false);
        var version = request.KeyVersion ?? key.Primary.Id;
        var chain = request.CertificateChain;
        if (chain is null && request.Format is SignatureFormat.NotationJws or SignatureFormat.NotationCose)
        {
            chain = await _certificates.GetOrCreateChainAsync(_vault, key.Id, version, cancellationToken).ConfigureAwait(false);
        }

        var artifact = await signer.SignAsync(
            new SigningRequest
            {
                Subject = subject,
                Image = target.Image,
                Keys = _vault,
                KeyId = key.Id,
                KeyVersion = version,
                Algorithm = request.Algorithm,
                CertificateChain = chain,
                Description = request.Description,
                Metadata = request.Metadata,
                Expiry = request.Expiry,
            },
            cancellationToken).ConfigureAwait(false);

        var repository = target.Repository;
        string location;
        Core.Digests.Digest stored;
        if (artifact.Attachment == AttachmentKind.CosignTag)
        {
            var tag = CosignAttachment.TagFor(subject.Digest);
            var layer = artifact.Manifest.Manifest!.Layers[^1];
            var payload = artifact.Blobs.First(b => b.Descriptor.Digest == layer.Digest).Content;
            var existingDescriptor = await repository.TryResolveAsync(tag, cancellationToken).ConfigureAwait(false);
            var existing = existingDescriptor is null ? null : await repository.FetchManifestAsync(existingDescriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            var update = CosignAttachment.Append(existing, layer, payload);
            foreach (var blob in update.Blobs)
            {
                await repository.PushBlobAsync(blob.Descriptor, blob.Content, cancellationToken).ConfigureAwait(false);
            }

            var pushed = await repository.PushManifestAsync(update.Manifest, tag, cancellationToken).ConfigureAwait(false);
            stored = pushed.Digest;
            location = $"{target.Image.Name}:{tag}";
        }
        else
        {
            foreach (var blob in artifact.Blobs)
            {
                await repository.PushBlobAsync(blob.Descriptor, blob.Content, cancellationToken).ConfigureAwait(false);
            }

            var pushed = await repository.PushManifestAsync(artifact.Manifest, cancellationToken: cancellationToken).ConfigureAwait(false);
            stored = pushed.Digest;
            location = $"{target.Image.Name}@{pushed.Digest} (referrer of {subject.Digest})";
        }

        Log.Signed(_logger, target.Image.Name, subject.Digest, artifact.Format, artifact.Signer, stored);
        return new SignImageResult(target.Image.WithDigestOnly(subject.Digest).Canonical, subject, artifact.Format, stored, location, artifact.Signer, artifact.Algorithm);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Verification + 60, Level = LogLevel.Information, Message = "Signed {Image}@{Digest} ({Format}) with {Signer}; signature {Signature}")]
        public static partial void Signed(ILogger logger, string image, Core.Digests.Digest digest, SignatureFormat format, SignerIdentity signer, Core.Digests.Digest signature);
    }
}
