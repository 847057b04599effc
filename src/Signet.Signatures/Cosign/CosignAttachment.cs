using System.Text;
using Signet.Core.Digests;
using Signet.Core.Oci;

namespace Signet.Signatures.Cosign;

/// <summary>
/// The cosign <c>.sig</c> tag attachment: one OCI image manifest under <c>sha256-&lt;hex&gt;.sig</c> whose every layer
/// is one signature. Builds and extends it exactly as containers/image does, so the bytes match what skopeo writes.
/// </summary>
/// <remarks>
/// containers/image <c>docker/docker_image_dest.go</c> <c>putSignaturesToSigstoreAttachments</c> and cosign
/// <c>pkg/oci/mutate/signatures.go</c>: a signature equal to an existing layer (media type, payload digest,
/// annotations) is not added twice; the config is an image config whose <c>rootfs.diff_ids</c> lists the layer digests,
/// written as containers/image writes it (<c>{"architecture":"","os":"","config":{},"rootfs":{...}}</c>). Signet rebuilds the
/// config from the layer list instead of reading the old config, so appending is a pure function of the old manifest;
/// readers never look at the config. Manifest annotations of an existing manifest are kept.
/// </remarks>
public static class CosignAttachment
{
    /// <summary>The layer annotation that holds the base64 signature.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>The artifact type cosign gives simple-signing signatures attached as OCI 1.1 referrers.</summary>
    public const string ReferrerArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    /// <summary>The tag that holds the signatures of <paramref name="subject"/>: <c>sha256-&lt;hex&gt;.sig</c>.</summary>
    public static string TagFor(Digest subject) => subject.ToTagSchema() + ".sig";

    /// <summary>Describes a signature layer: the payload's digest and size and the signature annotation.</summary>
    public static Descriptor CreateLayer(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature) => new()
    {
        MediaType = CosignPayload.MediaType,
        Digest = Digest.Compute(payload),
        Size = payload.Length,
        Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [SignatureAnnotation] = Convert.ToBase64String(signature) },
    };

    /// <summary>
    /// Adds a signature layer to the attachment manifest under the <c>.sig</c> tag (or creates it when
    /// <paramref name="existing"/> is null), skipping a signature that is already there, and returns what to push:
    /// the payload blob (when new), the rebuilt config and the new manifest. Pure: the caller fetches the existing
    /// manifest and pushes the result.
    /// </summary>
    /// <exception cref="FormatException">The existing tag does not hold an OCI image manifest.</exception>
    public static CosignAttachmentUpdate Append(ManifestContent? existing, Descriptor layer, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!layer.Digest.Matches(payload.Span) || layer.Size != payload.Length)
        {
            throw new ArgumentException("The layer descriptor does not describe the payload bytes.", nameof(layer));
        }

        IReadOnlyList<Descriptor> layers = [];
        IReadOnlyDictionary<string, string>? annotations = null;
        if (existing is not null)
        {
            if (existing.Manifest is null || existing.MediaType != MediaTypes.OciManifest)
            {
                throw new FormatException($"The cosign signature tag holds a '{existing.MediaType}', not an OCI image manifest ({MediaTypes.OciManifest}); it cannot hold signatures.");
            }

            layers = existing.Manifest.Layers;
            annotations = existing.Manifest.Annotations;
            if (layers.Any(l => IsSameSignature(l, layer)))
            {
                return new CosignAttachmentUpdate(existing, [], Changed: false);
            }
        }

        var allLayers = layers.Append(layer).ToList();
        var config = CreateConfig(allLayers);
        var configDescriptor = Descriptor.For(MediaTypes.OciConfig, config);
        var manifest = ManifestContent.Parse(WriteManifest(configDescriptor, allLayers, annotations), MediaTypes.OciManifest);
        return new CosignAttachmentUpdate(
            manifest,
            [new ArtifactBlob(layer, payload), new ArtifactBlob(configDescriptor, config)],
            Changed: true);
    }

    /// <summary>The config containers/image writes: an empty image config whose <c>rootfs.diff_ids</c> are the layer digests.</summary>
    internal static byte[] CreateConfig(IEnumerable<Descriptor> layers)
    {
        var builder = new StringBuilder("{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        builder.AppendJoin(',', layers.Select(l => GoJsonString.Quote(l.Digest.ToString())));
        builder.Append("]}}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Serializes the attachment manifest in Go's field order and escaping.</summary>
    internal static byte[] WriteManifest(Descriptor config, IEnumerable<Descriptor> layers, IReadOnlyDictionary<string, string>? annotations) =>
        OciManifestWriter.Write(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [.. layers], Annotations = annotations });

    private static bool IsSameSignature(Descriptor existing, Descriptor candidate) =>
        string.Equals(existing.MediaType, candidate.MediaType, StringComparison.Ordinal)
        && existing.Digest == candidate.Digest
        && (existing.Annotations?.Count ?? 0) == (candidate.Annotations?.Count ?? 0)
        && (candidate.Annotations ?? new Dictionary<string, string>()).All(a =>
            existing.Annotations is not null && existing.Annotations.TryGetValue(a.Key, out var value) && string.Equals(value, a.Value, StringComparison.Ordinal));
}

/// <summary>What appending a signature to the <c>.sig</c> attachment produced.</summary>
/// <param name="Manifest">The manifest to push under the <c>.sig</c> tag (the existing one when nothing changed).</param>
/// <param name="Blobs">Blobs to push before the manifest: the payload and the config (empty when nothing changed).</param>
/// <param name="Changed">False when the same signature was already attached.</param>
public sealed record CosignAttachmentUpdate(ManifestContent Manifest, IReadOnlyList<ArtifactBlob> Blobs, bool Changed);
