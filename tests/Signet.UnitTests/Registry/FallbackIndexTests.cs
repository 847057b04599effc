using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Registry.Referrers;

namespace Signet.UnitTests.Registry;

public sealed class FallbackIndexTests
{
    private static Descriptor Entry(char c, string? artifactType = MediaTypes.NotarySignature) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Digest.Parse("sha256:" + new string(c, 64)),
        Size = 10,
        ArtifactType = artifactType,
    };

    [Fact]
    public void Merge_NewEntry_KeepsExistingEntriesAndAnnotations()
    {
        var existing = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [Entry('a'), Entry('b')], Annotations = new Dictionary<string, string> { ["k"] = "v" } };

        var merged = FallbackIndex.Merge(existing, Entry('c'));

        Assert.Equal(["a", "b", "c"], merged.Manifests.Select(d => d.Digest.Hex[..1]));
        Assert.Equal("v", merged.Annotations!["k"]);
        Assert.Equal(MediaTypes.OciIndex, merged.MediaType);
    }

    [Fact]
    public void Merge_SameDigest_ReplacesWithoutDuplicate()
    {
        var existing = new ImageIndex { Manifests = [Entry('a', "old/type")] };

        var merged = FallbackIndex.Merge(existing, Entry('a'));

        Assert.Equal(MediaTypes.NotarySignature, Assert.Single(merged.Manifests).ArtifactType);
    }

    [Fact]
    public void Merge_NoIndexYet_StartsEmpty() => Assert.Single(FallbackIndex.Merge(null, Entry('a')).Manifests);

    [Fact]
    public void Tag_Sha256_IsTagSchema()
    {
        var digest = Digest.Parse("sha256:" + new string('a', 64));

        Assert.Equal("sha256-" + new string('a', 64), FallbackIndex.Tag(digest));
    }

    [Fact]
    public void Tag_Sha512_TruncatedTo128()
    {
        var digest = Digest.Parse("sha512:" + new string('b', 128));

        Assert.Equal(128, FallbackIndex.Tag(digest).Length);
    }

    [Fact]
    public void EntryFor_LegacyManifest_UsesConfigMediaTypeAndAnnotations()
    {
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = Descriptor.EmptyJson with { MediaType = MediaTypes.NotarySignature, Data = null },
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2023-06-27T05:30:33Z" },
        });

        var entry = FallbackIndex.EntryFor(manifest);

        Assert.Equal(MediaTypes.NotarySignature, entry.ArtifactType);
        Assert.Equal(manifest.Digest, entry.Digest);
        Assert.Equal(manifest.Bytes.Length, entry.Size);
        Assert.Equal("2023-06-27T05:30:33Z", entry.Annotations!["org.opencontainers.image.created"]);
    }

    [Fact]
    public void Filter_ArtifactType_MatchesExactly()
    {
        var entries = new[] { Entry('a'), Entry('b', "application/vnd.example.sbom"), Entry('c', null) };

        Assert.Equal(["a"], FallbackIndex.Filter(entries, MediaTypes.NotarySignature).Select(d => d.Digest.Hex[..1]));
        Assert.Equal(3, FallbackIndex.Filter(entries, null).Count());
    }
}
