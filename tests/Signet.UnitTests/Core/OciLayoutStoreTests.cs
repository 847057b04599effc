using System.Text;
using System.Text.Json;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.IO;
using Signet.Core.Layout;
using Signet.Core.Oci;
using Signet.Testing;

namespace Signet.UnitTests.Core;

public sealed class OciLayoutStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PushManifest_NewDirectory_CreatesSpecLayout()
    {
        var root = _temp.Combine("layout");
        var store = new OciLayoutStore(root);
        var image = await PushImageAsync(store, "v1");

        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", await File.ReadAllTextAsync(Path.Combine(root, "oci-layout")));
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, "index.json")));
        Assert.Equal(2, index.RootElement.GetProperty("schemaVersion").GetInt32());
        var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(image.Digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal("v1", entry.GetProperty("annotations").GetProperty(OciLayoutStore.RefNameAnnotation).GetString());

        // Every blob is stored under blobs/<alg>/<hex> and hashes to its name.
        var blobs = Directory.GetFiles(Path.Combine(root, "blobs", "sha256"));
        Assert.Equal(3, blobs.Length);
        foreach (var blob in blobs)
        {
            Assert.Equal(Path.GetFileName(blob), Digest.Compute(await File.ReadAllBytesAsync(blob)).Hex);
        }

        Assert.Empty(Directory.GetFiles(root, AtomicFileWriter.TempPrefix + "*", SearchOption.AllDirectories));
        Assert.Equal("oci-layout:" + Path.GetFullPath(root), store.DisplayName);
    }

    [Fact]
    public async Task FetchManifest_ByTagAndByDigest_ReturnsTheExactBytes()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, "v1");

        var byTag = await store.FetchManifestAsync("v1");
        var byDigest = await store.FetchManifestAsync(image.Digest.ToString());

        Assert.True(byTag.Bytes.Span.SequenceEqual(image.Bytes.Span));
        Assert.True(byDigest.Bytes.Span.SequenceEqual(image.Bytes.Span));
        Assert.Equal(image.Digest, (await store.ResolveAsync("v1")).Digest);
        Assert.Equal(image.Bytes.Length, (await store.ResolveAsync(image.Digest.ToString())).Size);
    }

    [Fact]
    public async Task Resolve_UnknownTagOrDigest_ReportsNotFound()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        await PushImageAsync(store, "v1");
        var missing = Digest.Compute("nothing"u8).ToString();

        Assert.Null(await store.TryResolveAsync("v2"));
        Assert.Null(await store.TryResolveAsync(missing));
        var ex = await Assert.ThrowsAsync<OciContentException>(() => store.ResolveAsync("v2"));
        Assert.Equal(SignetErrorCode.ManifestNotFound, ex.Code);
        Assert.True(ex.IsNotFound);
        Assert.Contains("'v2'", ex.Message, StringComparison.Ordinal);
        var fetch = await Assert.ThrowsAsync<OciContentException>(() => store.FetchManifestAsync(missing));
        Assert.Equal(SignetErrorCode.ManifestNotFound, fetch.Code);
    }

    [Theory]
    [InlineData("sha256:abc", "neither a tag nor a valid digest")]
    [InlineData("v1:x", "neither a tag nor a valid digest")]
    public async Task Resolve_MalformedDigest_ThrowsArgumentException(string reference, string fragment)
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        await PushImageAsync(store, "v1");

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.ResolveAsync(reference));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushManifest_RetagToOtherManifest_MovesTagAndKeepsOldManifestListed()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var first = await PushImageAsync(store, "v1", layerText: "one");
        var second = await PushImageAsync(store, "v1", layerText: "two");

        Assert.Equal(second.Digest, (await store.ResolveAsync("v1")).Digest);
        var index = await ReadIndexAsync(store);
        Assert.Equal(2, index.Manifests.Count);
        Assert.Null(index.Manifests.Single(d => d.Digest == first.Digest).Annotations);
        Assert.Single(await store.ListTagsAsync());
    }

    [Fact]
    public async Task PushManifest_SameManifestTwiceOrUntaggedThenTagged_ListsItOnce()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, tag: null);
        await store.PushManifestAsync(image, tag: null);
        Assert.Single((await ReadIndexAsync(store)).Manifests);

        await store.PushManifestAsync(image, "v1");
        await store.PushManifestAsync(image, "v1");
        await store.PushManifestAsync(image, "latest");

        var index = await ReadIndexAsync(store);
        Assert.Equal(2, index.Manifests.Count);
        Assert.All(index.Manifests, d => Assert.Equal(image.Digest, d.Digest));
        Assert.Equal(["v1", "latest"], (await store.ListTagsAsync()).Select(t => t.Key));
    }

    [Fact]
    public async Task PushManifest_InvalidTag_IsRefused()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = ManifestContent.Create(ImageManifestFor(Descriptor.EmptyJson));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.PushManifestAsync(image, "bad tag"));

        Assert.Contains("'bad tag'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchBlob_TamperedBlob_ThrowsDigestMismatch()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var layer = await PushBlobAsync(store, "awesome notation\n");
        var bytes = await File.ReadAllBytesAsync(store.BlobPath(layer.Digest));
        bytes[0] ^= 0x20;
        await File.WriteAllBytesAsync(store.BlobPath(layer.Digest), bytes);

        var ex = await Assert.ThrowsAsync<OciContentException>(() => store.FetchBlobAsync(layer, 1024));

        Assert.Equal(SignetErrorCode.DigestMismatch, ex.Code);
        Assert.Contains(layer.Digest.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchBlob_SizeDiffersFromDescriptor_ThrowsDigestMismatch()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var layer = await PushBlobAsync(store, "awesome notation\n");
        await File.AppendAllTextAsync(store.BlobPath(layer.Digest), "more");

        var ex = await Assert.ThrowsAsync<OciContentException>(() => store.FetchBlobAsync(layer, 1024));

        Assert.Equal(SignetErrorCode.DigestMismatch, ex.Code);
        Assert.Contains("is 21 bytes but its descriptor says 17", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchBlob_OverLimit_IsRefused()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var layer = await PushBlobAsync(store, "awesome notation\n");

        var declared = await Assert.ThrowsAsync<OciContentException>(() => store.FetchBlobAsync(layer, 16));
        var lying = await Assert.ThrowsAsync<OciContentException>(() => store.FetchBlobAsync(layer with { Size = 4 }, 16));

        Assert.Equal(SignetErrorCode.ContentTooLarge, declared.Code);
        Assert.Contains("the limit is 16 bytes", declared.Message, StringComparison.Ordinal);
        Assert.Equal(SignetErrorCode.DigestMismatch, lying.Code);
        Assert.Equal(17, (await store.FetchBlobAsync(layer, 17)).Length);
    }

    [Fact]
    public async Task FetchBlob_Missing_ThrowsBlobNotFound()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        await PushImageAsync(store, "v1");

        var ex = await Assert.ThrowsAsync<OciContentException>(() => store.FetchBlobAsync(Descriptor.For("a/b", "absent"u8), 1024));

        Assert.Equal(SignetErrorCode.BlobNotFound, ex.Code);
        Assert.True(ex.IsNotFound);
    }

    [Fact]
    public async Task PushBlob_ContentNotMatchingDescriptor_IsRefusedAndNotStored()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var descriptor = Descriptor.For("a/b", "expected"u8);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PushBlobAsync(descriptor, "tampered"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PushBlobAsync(descriptor, "expected!"u8.ToArray()));

        Assert.False(File.Exists(store.BlobPath(descriptor.Digest)));
    }

    [Fact]
    public async Task PushBlob_CorruptExistingBlobOfOtherLength_IsRepaired()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var layer = await PushBlobAsync(store, "awesome notation\n");
        await File.WriteAllTextAsync(store.BlobPath(layer.Digest), "short");

        await store.PushBlobAsync(layer, "awesome notation\n"u8.ToArray());

        Assert.Equal("awesome notation\n", Encoding.UTF8.GetString(await store.FetchBlobAsync(layer, 1024)));
    }

    [Fact]
    public async Task ListReferrers_SignaturesBySubject_AreFoundWithArtifactTypeAndAnnotations()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, "v1");
        var other = await PushImageAsync(store, "v2", layerText: "other");
        var legacy = await PushSignatureAsync(store, image, legacy: true, envelope: "jws-1");
        var modern = await PushSignatureAsync(store, image, legacy: false, envelope: "jws-2");
        var cosignLike = await PushSignatureAsync(store, image, legacy: false, envelope: "x", artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json");
        await PushSignatureAsync(store, other, legacy: false, envelope: "jws-3");

        var all = await ToListAsync(store.ListReferrersAsync(image.Digest));
        var notary = await ToListAsync(store.ListReferrersAsync(image.Digest, MediaTypes.NotarySignature));
        var none = await ToListAsync(store.ListReferrersAsync(Digest.Compute("no such image"u8)));

        Assert.Equal([legacy.Digest, modern.Digest, cosignLike.Digest], all.Select(d => d.Digest));
        Assert.Equal([legacy.Digest, modern.Digest], notary.Select(d => d.Digest));
        Assert.Empty(none);
        Assert.All(notary, d => Assert.Equal(MediaTypes.NotarySignature, d.ArtifactType));
        Assert.Equal("jws-1", all[0].Annotations!["test.envelope"]);
        Assert.Equal(legacy.Bytes.Length, all[0].Size);
        Assert.Equal(MediaTypes.OciManifest, all[0].MediaType);
    }

    [Fact]
    public async Task ListReferrers_SignatureListedOnlyInTagSchemaIndex_IsFound()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, "v1");
        var signature = ManifestContent.Create(SignatureManifest(image, legacy: true, envelope: "only-in-fallback", artifactType: null));
        await store.PushBlobAsync(EnvelopeDescriptor("only-in-fallback"), Encoding.UTF8.GetBytes("only-in-fallback"));
        await store.PushBlobAsync(signature.ToDescriptor(), signature.Bytes);
        var fallback = ManifestContent.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [signature.ToDescriptor() with { ArtifactType = MediaTypes.NotarySignature }],
        });
        await store.PushManifestAsync(fallback, image.Digest.ToTagSchema());

        var referrers = await ToListAsync(store.ListReferrersAsync(image.Digest));

        Assert.Equal(signature.Digest, Assert.Single(referrers).Digest);
        Assert.Equal(signature.Digest, (await store.ResolveAsync(signature.Digest.ToString())).Digest);
    }

    [Fact]
    public async Task ListReferrers_ListedManifestWithoutBlob_IsSkipped()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, "v1");
        var signature = await PushSignatureAsync(store, image, legacy: false, envelope: "e");
        var gone = await PushSignatureAsync(store, image, legacy: false, envelope: "gone");
        File.Delete(store.BlobPath(gone.Digest));

        var referrers = await ToListAsync(store.ListReferrersAsync(image.Digest));

        Assert.Equal(signature.Digest, Assert.Single(referrers).Digest);
    }

    [Fact]
    public async Task ListReferrers_TamperedReferrer_ThrowsDigestMismatch()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, "v1");
        var signature = await PushSignatureAsync(store, image, legacy: false, envelope: "e");
        var bytes = signature.Bytes.ToArray();
        bytes[^2] = (byte)' ';
        await File.WriteAllBytesAsync(store.BlobPath(signature.Digest), bytes);

        var ex = await Assert.ThrowsAsync<OciContentException>(() => ToListAsync(store.ListReferrersAsync(image.Digest)));

        Assert.Equal(SignetErrorCode.DigestMismatch, ex.Code);
    }

    [Fact]
    public async Task ListReferrers_MoreManifestsThanTheScanLimit_IsRefused()
    {
        var root = _temp.Combine("layout");
        var writer = new OciLayoutStore(root);
        var image = await PushImageAsync(writer, "v1");
        for (var i = 0; i < 3; i++)
        {
            await PushSignatureAsync(writer, image, legacy: false, envelope: "e" + i);
        }

        var limited = new OciLayoutStore(root, new OciLayoutStoreOptions { MaxReferrerScan = 3 });

        var ex = await Assert.ThrowsAsync<OciContentException>(() => ToListAsync(limited.ListReferrersAsync(image.Digest)));
        Assert.Equal(SignetErrorCode.ContentTooLarge, ex.Code);
        Assert.Contains("MaxReferrerScan", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await ToListAsync(writer.ListReferrersAsync(image.Digest))).Count);
    }

    [Fact]
    public async Task ReadIndex_OverSizeLimit_IsRefused()
    {
        var root = _temp.Combine("layout");
        await PushImageAsync(new OciLayoutStore(root), "v1");
        var limited = new OciLayoutStore(root, new OciLayoutStoreOptions { MaxIndexBytes = 16 });

        var ex = await Assert.ThrowsAsync<OciContentException>(() => limited.ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.ContentTooLarge, ex.Code);
        Assert.Contains("index.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_DirectoryThatIsNotALayout_ThrowsInvalidLayoutNamingIt()
    {
        var missing = new OciLayoutStore(_temp.Combine("missing"));
        var plain = _temp.Combine("plain");
        Directory.CreateDirectory(plain);

        var a = await Assert.ThrowsAsync<OciContentException>(() => missing.ResolveAsync("v1"));
        var b = await Assert.ThrowsAsync<OciContentException>(() => new OciLayoutStore(plain).ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.InvalidLayout, a.Code);
        Assert.Contains("does not exist", a.Message, StringComparison.Ordinal);
        Assert.Equal(SignetErrorCode.InvalidLayout, b.Code);
        Assert.Contains("no 'oci-layout' file", b.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"imageLayoutVersion\":\"2.0.0\"}", null, "'2.0.0'")]
    [InlineData("{\"imageLayoutVersion\":", null, "'oci-layout' file")]
    [InlineData("{\"imageLayoutVersion\":\"1.0.0\"}", "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\"}]}", "invalid index.json")]
    [InlineData("{\"imageLayoutVersion\":\"1.0.0\"}", "{\"schemaVersion\":1,\"manifests\":[]}", "schemaVersion must be 2")]
    [InlineData("{\"imageLayoutVersion\":\"1.0.0\"}", "[1,2]", "invalid index.json")]
    [InlineData("{\"imageLayoutVersion\":\"1.0.0\"}", null, "no 'index.json' file")]
    public async Task Read_CorruptLayoutFiles_ThrowInvalidLayout(string layout, string? index, string fragment)
    {
        var root = _temp.Combine("layout");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "oci-layout"), layout);
        if (index is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "index.json"), index);
        }

        var ex = await Assert.ThrowsAsync<OciContentException>(() => new OciLayoutStore(root).ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.InvalidLayout, ex.Code);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NonEmptyDirectoryThatIsNotALayout_IsRefused()
    {
        var root = _temp.Combine("project");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "README.md"), "not a layout");

        var ex = await Assert.ThrowsAsync<OciContentException>(() => PushImageAsync(new OciLayoutStore(root), "v1"));

        Assert.Equal(SignetErrorCode.InvalidLayout, ex.Code);
        Assert.Contains("refusing to write", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root, "oci-layout")));
    }

    [Fact]
    public async Task Write_LayoutMarkerWithoutIndex_IsCompleted()
    {
        var root = _temp.Combine("layout");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");

        await PushImageAsync(new OciLayoutStore(root), "v1");

        Assert.NotNull(await new OciLayoutStore(root).TryResolveAsync("v1"));
    }

    [Fact]
    public async Task PushManifest_ConcurrentWritersOnOneDirectory_LoseNoTag()
    {
        var root = _temp.Combine("layout");
        var stores = new[] { new OciLayoutStore(root), new OciLayoutStore(root), new OciLayoutStore(root) };
        var image = await PushImageAsync(stores[0], tag: null);

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => stores[i % 3].PushManifestAsync(image, $"t{i}"))));

        var tags = (await stores[1].ListTagsAsync()).Select(t => t.Key).ToHashSet();
        Assert.Equal(60, tags.Count);
        Assert.All(Enumerable.Range(0, 60), i => Assert.Contains($"t{i}", tags));
        Assert.Empty(Directory.GetFiles(root, AtomicFileWriter.TempPrefix + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task PushManifest_LayoutLockedByAnotherWriter_WaitsThenFailsWithinTheTimeout()
    {
        var root = _temp.Combine("layout");
        var image = await PushImageAsync(new OciLayoutStore(root), "v1");
        var store = new OciLayoutStore(root, new OciLayoutStoreOptions { WriteLockTimeout = TimeSpan.FromMilliseconds(300) });

        // Another writer (an exclusive flock on the lock file, as a second process would hold it).
        var held = new FileStream(Path.Combine(root, LayoutLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => store.PushManifestAsync(image, "v2"));
        Assert.Contains(LayoutLock.FileName, ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.TryResolveAsync("v2"));

        var waiting = store.PushManifestAsync(image, "v3");
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(await store.TryResolveAsync("v3"));
    }

    [Fact]
    public async Task Write_DirectoryHoldingOnlyALeftoverTemporaryFile_IsCompleted()
    {
        var root = _temp.Combine("layout");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, AtomicFileWriter.TempPrefix + "crashed"), "{\"imageLayout");

        await PushImageAsync(new OciLayoutStore(root), "v1");

        Assert.NotNull(await new OciLayoutStore(root).TryResolveAsync("v1"));
    }

    [Fact]
    public async Task PushManifest_Canceled_LeavesIndexUnchanged()
    {
        var store = new OciLayoutStore(_temp.Combine("layout"));
        var image = await PushImageAsync(store, "v1");
        var before = await File.ReadAllBytesAsync(Path.Combine(store.Root, "index.json"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PushManifestAsync(image, "v2", cts.Token));

        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(store.Root, "index.json")));
        Assert.Empty(Directory.GetFiles(store.Root, AtomicFileWriter.TempPrefix + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AtomicWrite_Canceled_LeavesTargetAndNoTemporaryFile()
    {
        var target = _temp.Combine("file.json");
        await File.WriteAllTextAsync(target, "old");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFileWriter.Default.WriteAsync(target, new byte[1 << 20], AtomicWriteMode.Replace, cts.Token));

        Assert.Equal("old", await File.ReadAllTextAsync(target));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Open_OciLayoutReference_ResolvesItsTag()
    {
        var root = _temp.Combine("layout");
        var image = await PushImageAsync(new OciLayoutStore(root), "v1");
        var reference = OciLayoutReference.Parse("oci-layout:" + root + ":v1");

        var store = OciLayoutStore.Open(reference);

        Assert.Equal(image.Digest, (await store.ResolveAsync(reference.ManifestReference!)).Digest);
    }

    private static async Task<ImageIndex> ReadIndexAsync(OciLayoutStore store) =>
        JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(store.Root, "index.json")), OciJsonContext.Default.ImageIndex)!;

    private static async Task<Descriptor> PushBlobAsync(OciLayoutStore store, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var descriptor = Descriptor.For(MediaTypes.OciLayerTar, bytes);
        await store.PushBlobAsync(descriptor, bytes);
        return descriptor;
    }

    private static ImageManifest ImageManifestFor(Descriptor layer) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Config = Descriptor.EmptyJson with { MediaType = "application/vnd.notation.config", Data = null },
        Layers = [layer],
    };

    private static async Task<ManifestContent> PushImageAsync(OciLayoutStore store, string? tag, string layerText = "awesome notation\n")
    {
        await store.PushBlobAsync(Descriptor.EmptyJson, "{}"u8.ToArray());
        var layer = await PushBlobAsync(store, layerText);
        var manifest = ManifestContent.Create(ImageManifestFor(layer));
        await store.PushManifestAsync(manifest, tag);
        return manifest;
    }

    private static Descriptor EnvelopeDescriptor(string envelope) => Descriptor.For(MediaTypes.JoseJson, Encoding.UTF8.GetBytes(envelope));

    private static ImageManifest SignatureManifest(ManifestContent subject, bool legacy, string envelope, string? artifactType) => new()
    {
        MediaType = MediaTypes.OciManifest,
        ArtifactType = legacy ? null : artifactType ?? MediaTypes.NotarySignature,
        Config = legacy ? Descriptor.EmptyJson with { MediaType = MediaTypes.NotarySignature, Data = null } : Descriptor.EmptyJson,
        Layers = [EnvelopeDescriptor(envelope)],
        Subject = subject.ToDescriptor(),
        Annotations = new Dictionary<string, string> { ["test.envelope"] = envelope },
    };

    private static async Task<ManifestContent> PushSignatureAsync(OciLayoutStore store, ManifestContent subject, bool legacy, string envelope, string? artifactType = null)
    {
        await store.PushBlobAsync(EnvelopeDescriptor(envelope), Encoding.UTF8.GetBytes(envelope));
        var signature = ManifestContent.Create(SignatureManifest(subject, legacy, envelope, artifactType));
        await store.PushManifestAsync(signature);
        return signature;
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
}
