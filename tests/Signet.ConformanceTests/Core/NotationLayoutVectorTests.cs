using System.Text.Json;
using Signet.Core.Digests;
using Signet.Core.Layout;
using Signet.Core.Oci;
using Signet.Testing;

namespace Signet.ConformanceTests.Core;

/// <summary>
/// The OCI layout store against the real layouts of the notation e2e suite
/// (shared/vectors/notation/README.md, "OCI layouts"): every signature manifest is found through its subject.
/// </summary>
public sealed class NotationLayoutVectorTests
{
    private const string LayoutsFolder = "notation/test/e2e/testdata/registry/oci_layout";
    private const string Subject = "sha256:b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9";
    private const string ValidSignature = "sha256:90ceaff260d657d797c408ac73564a9c7bb9d86055877c2a811f0e63b8c6524f";
    private const long MaxEnvelopeBytes = 32 * 1024 * 1024;

    /// <summary>Expected content per layout, from the README table (signature manifest -> envelope blob prefix).</summary>
    private static readonly Dictionary<string, LayoutExpectation> s_expected = new(StringComparer.Ordinal)
    {
        ["e2e"] = new(Subject, [], TagSchemaIndex: false),
        ["e2e-valid-signature"] = new(Subject, [new(ValidSignature, "c9af07e0", MediaTypes.JoseJson)], TagSchemaIndex: true),
        ["e2e-valid-multiple-signatures"] = new(
            Subject,
            [
                new(ValidSignature, "c9af07e0", MediaTypes.JoseJson),
                new("sha256:c3ebe4a20b6832328fc5078a7795ddc1114b896e13fca2add38109c3866b5fbf", "a5433363", MediaTypes.JoseJson),
            ],
            TagSchemaIndex: true),
        ["e2e-expired-signature"] = new(Subject, [new("sha256:3829708badae8e4b14e1adbc2fac7182bc0c27c5b6f54153e8b68a12eab10a1e", "b5f92756", MediaTypes.JoseJson)], TagSchemaIndex: true),
        ["e2e-with-expired-cert"] = new(Subject, [new("sha256:b06e392c2d88206b492dbaf5381800578611eb24f86587bc7717cd3b736e5da7", "8513a5ba", MediaTypes.JoseJson)], TagSchemaIndex: true),
        ["e2e-invalid-signature"] = new(Subject, [new("sha256:321fcc674d6771dd0e5bd21e599f2df3a482de99a400fd3a3fe371221b97a9c9", "9a8decdf", MediaTypes.OciLayerTar)], TagSchemaIndex: true),
        ["e2e-with-timestamped-signature"] = new(
            "sha256:53b0191218aed9a3c1f7c661736ac40cfc8eb928642348fd843ba3f0483c0c20",
            [new("sha256:6a5cd3a886707a317935dcaf13954fc80ef9aeb665262b6ae4fe469ad7ea3aea", "603ff134", MediaTypes.JoseJson)],
            TagSchemaIndex: false),
        ["e2e-with-invalid-timestamped-signature"] = new(
            "sha256:f1da8cd70d6d851fa2313c8d6618f79508cf1e86877edf1c0bfe49a1b0a6467a",
            [new("sha256:eee3eec7d2947f77713484753bea67879ff62c08a73a49a41151ed18c4d1c000", "8d2e70ff", MediaTypes.JoseJson)],
            TagSchemaIndex: false),
    };

    public static TheoryData<string> Layouts => [.. s_expected.Keys];

    [Fact]
    public void VectorLayouts_OnDisk_AreExactlyTheReadmeTable()
    {
        var onDisk = Directory.GetDirectories(TestVectors.Path(LayoutsFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(s_expected.Keys.Order(StringComparer.Ordinal), onDisk);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task ListReferrers_VectorLayout_FindsEverySignatureBySubject(string layout)
    {
        var expected = s_expected[layout];
        var store = Open(layout);

        var subject = await store.ResolveAsync("v1");
        var referrers = await ToListAsync(store.ListReferrersAsync(subject.Digest));

        Assert.Equal(expected.Subject, subject.Digest.ToString());
        Assert.Equal(expected.Signatures.Select(s => s.Manifest).Order(StringComparer.Ordinal), referrers.Select(r => r.Digest.ToString()).Order(StringComparer.Ordinal));
        foreach (var referrer in referrers)
        {
            var signature = expected.Signatures.Single(s => s.Manifest == referrer.Digest.ToString());

            // Legacy Notary form: no artifactType, so the referrers view reports config.mediaType.
            Assert.Equal(MediaTypes.NotarySignature, referrer.ArtifactType);
            Assert.Equal(MediaTypes.OciManifest, referrer.MediaType);
            Assert.True(referrer.Annotations!.ContainsKey("org.opencontainers.image.created"));

            var manifest = await store.FetchManifestAsync(referrer.Digest.ToString());
            Assert.Equal(referrer.Digest, manifest.Digest);
            Assert.Equal(referrer.Size, manifest.Bytes.Length);
            Assert.Equal(subject.Digest, manifest.Manifest!.Subject!.Digest);
            Assert.Equal(MediaTypes.NotarySignature, manifest.Manifest.Config.MediaType);
            Assert.Null(manifest.Manifest.ArtifactType);

            var layer = Assert.Single(manifest.Manifest.Layers);
            Assert.Equal(signature.EnvelopeMediaType, layer.MediaType);
            Assert.StartsWith(signature.EnvelopePrefix, layer.Digest.Hex, StringComparison.Ordinal);
            var envelope = await store.FetchBlobAsync(layer, MaxEnvelopeBytes);
            Assert.Equal(layer.Size, envelope.Length);
            if (layer.MediaType == MediaTypes.JoseJson)
            {
                using var jws = JsonDocument.Parse(envelope);
                Assert.True(jws.RootElement.TryGetProperty("payload", out _));
                Assert.True(referrer.Annotations.ContainsKey("io.cncf.notary.x509chain.thumbprint#S256"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task ListReferrers_VectorLayout_AgreesWithAnIndependentScanOfTheBlobs(string layout)
    {
        var expected = s_expected[layout];
        var store = Open(layout);

        // Independent of the store: every blob that is JSON with subject.digest == subject.
        var independent = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(store.Root, "blobs", "sha256")))
        {
            try
            {
                using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("subject", out var subject)
                    && subject.GetProperty("digest").GetString() == expected.Subject)
                {
                    independent.Add("sha256:" + Path.GetFileName(file));
                }
            }
            catch (JsonException)
            {
                // Layers that are not JSON ("awesome notation\n").
            }
        }

        var referrers = await ToListAsync(store.ListReferrersAsync(Digest.Parse(expected.Subject)));

        Assert.Equal(independent.Order(StringComparer.Ordinal), referrers.Select(r => r.Digest.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task ListReferrers_ArtifactTypeFilter_KeepsOnlyThatType(string layout)
    {
        var expected = s_expected[layout];
        var store = Open(layout);
        var subject = Digest.Parse(expected.Subject);

        var notary = await ToListAsync(store.ListReferrersAsync(subject, MediaTypes.NotarySignature));
        var cosign = await ToListAsync(store.ListReferrersAsync(subject, "application/vnd.dev.cosign.artifact.sig.v1+json"));

        Assert.Equal(expected.Signatures.Count, notary.Count);
        Assert.Empty(cosign);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task TagSchemaIndex_VectorLayout_ListsOnlyReferrersOfItsSubject(string layout)
    {
        var expected = s_expected[layout];
        var store = Open(layout);
        var subject = Digest.Parse(expected.Subject);

        var fallback = await store.TryResolveAsync(subject.ToTagSchema());

        Assert.Equal(expected.TagSchemaIndex, fallback is not null);
        if (fallback is null)
        {
            return;
        }

        var index = await store.FetchManifestAsync(subject.ToTagSchema());
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        var all = (await ToListAsync(store.ListReferrersAsync(subject))).Select(r => r.Digest).ToHashSet();
        Assert.NotEmpty(index.Index!.Manifests);
        Assert.All(index.Index.Manifests, d =>
        {
            Assert.Contains(d.Digest, all);
            Assert.Equal(MediaTypes.NotarySignature, d.ArtifactType);
        });
        if (layout == "e2e-valid-multiple-signatures")
        {
            // README: the fallback index lists only the first signature while index.json lists both.
            Assert.Equal(ValidSignature, Assert.Single(index.Index.Manifests).Digest.ToString());
            Assert.Equal(2, all.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task FetchBlob_EveryVectorBlob_VerifiesAgainstItsFileName(string layout)
    {
        var store = Open(layout);
        var files = Directory.GetFiles(Path.Combine(store.Root, "blobs", "sha256"));
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            var descriptor = new Descriptor
            {
                MediaType = "application/octet-stream",
                Digest = Digest.Parse("sha256:" + Path.GetFileName(file)),
                Size = new FileInfo(file).Length,
            };

            var bytes = await store.FetchBlobAsync(descriptor, MaxEnvelopeBytes);

            Assert.Equal(descriptor.Size, bytes.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task CopyToNewLayout_VectorLayout_ReadsBackWithSameBytesAndReferrers(string layout)
    {
        var expected = s_expected[layout];
        var source = Open(layout);
        using var temp = new TempDirectory();
        var target = new OciLayoutStore(temp.Combine("copy"));

        // Copy what index.json lists (tags kept), with the blobs each manifest or index names.
        var index = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(source.Root, "index.json")), OciJsonContext.Default.ImageIndex)!;
        foreach (var entry in index.Manifests)
        {
            await CopyAsync(source, target, entry);
            var tag = entry.Annotations?.GetValueOrDefault(OciLayoutStore.RefNameAnnotation);
            await target.PushManifestAsync(await source.FetchManifestAsync(entry.Digest.ToString()), tag);
        }

        var subject = Digest.Parse(expected.Subject);
        var original = await ToListAsync(source.ListReferrersAsync(subject));
        var copied = await ToListAsync(target.ListReferrersAsync(subject));

        Assert.Equal(subject, (await target.ResolveAsync("v1")).Digest);
        Assert.Equal(original.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal), copied.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal));
        foreach (var referrer in copied)
        {
            var a = await source.FetchManifestAsync(referrer.Digest.ToString());
            var b = await target.FetchManifestAsync(referrer.Digest.ToString());
            Assert.True(a.Bytes.Span.SequenceEqual(b.Bytes.Span));
        }

        // A fresh store over the written directory reads it the same (nothing lives only in memory).
        var reopened = new OciLayoutStore(temp.Combine("copy"));
        Assert.Equal(copied.Count, (await ToListAsync(reopened.ListReferrersAsync(subject))).Count);
        Assert.Equal(
            (await source.ListTagsAsync()).Select(t => t.Key).Order(StringComparer.Ordinal),
            (await reopened.ListTagsAsync()).Select(t => t.Key).Order(StringComparer.Ordinal));
    }

    private static OciLayoutStore Open(string layout) => new(TestVectors.Path($"{LayoutsFolder}/{layout}"));

    private static async Task CopyAsync(OciLayoutStore source, OciLayoutStore target, Descriptor descriptor)
    {
        var content = await source.FetchManifestAsync(descriptor.Digest.ToString());
        var children = content.Manifest is { } manifest ? [manifest.Config, .. manifest.Layers] : content.Index!.Manifests;
        foreach (var child in children)
        {
            if (MediaTypes.ManifestTypes.Contains(child.MediaType))
            {
                await CopyAsync(source, target, child);
                var nested = await source.FetchManifestAsync(child.Digest.ToString());
                await target.PushBlobAsync(nested.ToDescriptor(), nested.Bytes);
            }
            else
            {
                await target.PushBlobAsync(child, await source.FetchBlobAsync(child, MaxEnvelopeBytes));
            }
        }
    }

    private static async Task<List<Descriptor>> ToListAsync(IAsyncEnumerable<Descriptor> source)
    {
        var list = new List<Descriptor>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed record SignatureExpectation(string Manifest, string EnvelopePrefix, string EnvelopeMediaType);

    private sealed record LayoutExpectation(string Subject, IReadOnlyList<SignatureExpectation> Signatures, bool TagSchemaIndex);
}
