using Signet.Core.Digests;
using Signet.Core.Oci;

namespace Signet.Registry.Referrers;

/// <summary>
/// The referrers tag-schema fallback: an image index tagged <c>&lt;alg&gt;-&lt;hex&gt;</c> of the subject that lists
/// its referrers, maintained by clients for registries without the referrers API.
/// </summary>
/// <remarks>https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#referrers-tag-schema</remarks>
internal static class FallbackIndex
{
    /// <summary>The tag of the fallback index of <paramref name="subject"/> (at most 128 characters).</summary>
    public static string Tag(Digest subject)
    {
        var tag = subject.ToTagSchema();
        return tag.Length <= 128 ? tag : tag[..128];
    }

    /// <summary>The descriptor a referrers list carries for <paramref name="referrer"/>: artifact type and all annotations.</summary>
    public static Descriptor EntryFor(ManifestContent referrer) => new()
    {
        MediaType = referrer.MediaType,
        Digest = referrer.Digest,
        Size = referrer.Bytes.Length,
        ArtifactType = referrer.Manifest?.EffectiveArtifactType ?? referrer.Index?.ArtifactType,
        Annotations = referrer.Manifest?.Annotations ?? referrer.Index?.Annotations,
    };

    /// <summary>True when the index lists <paramref name="digest"/>.</summary>
    public static bool Contains(ImageIndex? index, Digest digest) => index is not null && index.Manifests.Any(d => d.Digest == digest);

    /// <summary>
    /// <paramref name="existing"/> with <paramref name="entry"/> added (replacing an entry of the same digest), keeping
    /// every other entry and the index annotations.
    /// </summary>
    public static ImageIndex Merge(ImageIndex? existing, Descriptor entry)
    {
        var manifests = new List<Descriptor>();
        if (existing is not null)
        {
            manifests.AddRange(existing.Manifests.Where(d => d.Digest != entry.Digest));
        }

        manifests.Add(entry);
        return new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciIndex,
            Manifests = manifests,
            Annotations = existing?.Annotations,
        };
    }

    /// <summary>The entries matching <paramref name="artifactType"/> (all when null).</summary>
    public static IEnumerable<Descriptor> Filter(IEnumerable<Descriptor> entries, string? artifactType) =>
        artifactType is null ? entries : entries.Where(d => string.Equals(d.ArtifactType, artifactType, StringComparison.Ordinal));
}
