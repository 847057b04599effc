using Signet.Core.Oci;
using Signet.Signatures;
using Signet.Signatures.Cosign;

namespace Signet.Testing.Signatures;

/// <summary>
/// Stores a signer's artifact the way the application layer does: referrers pushed as they are, cosign signatures
/// merged into the <c>.sig</c> tag with <see cref="CosignAttachment.Append"/>.
/// </summary>
public static class SignatureStore
{
    /// <summary>Pushes <paramref name="artifact"/> for <paramref name="subject"/> and returns the manifest now holding it.</summary>
    public static async Task<ManifestContent> PushAsync(IOciRepository repository, Descriptor subject, SignatureArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Attachment == AttachmentKind.Referrer)
        {
            foreach (var blob in artifact.Blobs)
            {
                await repository.PushBlobAsync(blob.Descriptor, blob.Content, cancellationToken);
            }

            await repository.PushManifestAsync(artifact.Manifest, null, cancellationToken);
            return artifact.Manifest;
        }

        var tag = CosignAttachment.TagFor(subject.Digest);
        var existing = await repository.TryResolveAsync(tag, cancellationToken) is null ? null : await repository.FetchManifestAsync(tag, cancellationToken);
        var layer = artifact.Manifest.Manifest!.Layers[^1];
        var payload = artifact.Blobs.Single(b => b.Descriptor.Digest == layer.Digest).Content;
        var update = CosignAttachment.Append(existing, layer, payload);
        foreach (var blob in update.Blobs)
        {
            await repository.PushBlobAsync(blob.Descriptor, blob.Content, cancellationToken);
        }

        if (update.Changed)
        {
            await repository.PushManifestAsync(update.Manifest, tag, cancellationToken);
        }

        return update.Manifest;
    }
}
