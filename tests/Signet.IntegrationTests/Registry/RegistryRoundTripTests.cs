using System.Text;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Registry;

/// <summary>Push, pull and resolve against a real plain-HTTP docker-registry 2.8.</summary>
public sealed class RegistryRoundTripTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task PushImage_ThenFetchByTagAndDigest_ReturnsIdenticalBytes()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository, "v1");

        var byTag = await repository.FetchManifestAsync("v1");
        var byDigest = await repository.FetchManifestAsync(image.Digest.ToString());

        Assert.Equal(image.Manifest.Bytes.ToArray(), byTag.Bytes.ToArray());
        Assert.Equal(image.Digest, byTag.Digest);
        Assert.Equal(image.Digest, byDigest.Digest);
        Assert.Equal(MediaTypes.OciManifest, byDigest.MediaType);
        Assert.Equal(image.Layer.Digest, byDigest.Manifest!.Layers[0].Digest);
    }

    [Fact]
    public async Task PushBlob_ThenFetch_ReturnsVerifiedBytes()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository);

        var layer = await repository.FetchBlobAsync(image.Layer, 1024 * 1024);
        using var streamed = new MemoryStream();
        await repository.FetchBlobToAsync(image.Layer, streamed, 1024 * 1024);

        Assert.Equal(image.LayerBytes, layer);
        Assert.Equal(image.LayerBytes, streamed.ToArray());
        Assert.True(await repository.BlobExistsAsync(image.Layer.Digest));
    }

    [Fact]
    public async Task PushBlob_LargerThanMonolithicLimit_UploadsInChunks()
    {
        var client = registry.CreateClient(o =>
        {
            o.MonolithicUploadMaxBytes = 4096;
            o.UploadChunkBytes = 1024;
        });
        var repository = client.GetRepository(registry.Host, "test/chunked");
        var content = new byte[10_000];
        Random.Shared.NextBytes(content);
        var descriptor = Descriptor.For(MediaTypes.OciLayerTar, content);

        await repository.PushBlobAsync(descriptor, content);
        var fromStream = new byte[5_000];
        Random.Shared.NextBytes(fromStream);
        var streamDescriptor = Descriptor.For(MediaTypes.OciLayerTar, fromStream);
        await repository.PushBlobAsync(streamDescriptor, new MemoryStream(fromStream));

        Assert.Equal(content, await repository.FetchBlobAsync(descriptor, 1024 * 1024));
        Assert.Equal(fromStream, await repository.FetchBlobAsync(streamDescriptor, 1024 * 1024));
    }

    [Fact]
    public async Task PushBlob_StreamNotMatchingDescriptor_ThrowsBeforeCommitting()
    {
        var repository = registry.CreateClient(o => { o.MonolithicUploadMaxBytes = 2048; o.UploadChunkBytes = 1024; }).GetRepository(registry.Host, "test/badstream");
        var content = Encoding.UTF8.GetBytes(new string('a', 3000));
        var descriptor = Descriptor.For(MediaTypes.OciLayerTar, content);
        content[10] = (byte)'b';

        var error = await Assert.ThrowsAsync<ArgumentException>(() => repository.PushBlobAsync(descriptor, new MemoryStream(content)));

        Assert.Contains("does not match the descriptor", error.Message, StringComparison.Ordinal);
        Assert.False(await repository.BlobExistsAsync(descriptor.Digest));
    }

    [Fact]
    public async Task Resolve_Tag_UsesHeadDigest()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository, "latest");

        var resolved = await repository.ResolveAsync("latest");
        var byDigest = await repository.ResolveAsync(image.Digest.ToString());

        Assert.Equal(image.Digest, resolved.Digest);
        Assert.Equal(image.Manifest.Bytes.Length, resolved.Size);
        Assert.Equal(MediaTypes.OciManifest, resolved.MediaType);
        Assert.Equal(image.Digest, byDigest.Digest);
    }

    [Fact]
    public async Task Resolve_MissingTag_ReturnsNullOrManifestNotFound()
    {
        var repository = registry.Repository();
        await SampleImages.PushAsync(repository, "present");

        Assert.Null(await repository.TryResolveAsync("absent"));
        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.FetchManifestAsync("absent"));

        Assert.Equal(SignetErrorCode.ManifestNotFound, error.Code);
        Assert.Contains("'absent' was not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task PushIndex_ThenFetch_ParsesIndexWithPlatforms()
    {
        var repository = registry.Repository();
        var index = await SampleImages.PushIndexAsync(repository, "multi");

        var fetched = await repository.FetchManifestAsync("multi");
        var resolved = await repository.ResolveAsync("multi");

        Assert.Equal(index.Digest, fetched.Digest);
        Assert.Equal(MediaTypes.OciIndex, resolved.MediaType);
        Assert.Equal(["amd64", "arm64"], fetched.Index!.Manifests.Select(m => m.Platform!.Architecture));
    }

    [Fact]
    public async Task PushManifest_MissingBlob_ThrowsInvalidManifestWithRegistryError()
    {
        var repository = registry.Repository();
        var (manifest, _, _, _, _) = SampleImages.Build();

        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.PushManifestAsync(manifest, "broken"));

        Assert.Equal(SignetErrorCode.InvalidManifest, error.Code);
        Assert.Contains(error.Errors, e => e.Code == "MANIFEST_BLOB_UNKNOWN");
        Assert.Contains("push every blob it names first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchBlob_Missing_ThrowsBlobNotFound()
    {
        var repository = registry.Repository();
        await SampleImages.PushAsync(repository);
        var absent = Descriptor.For(MediaTypes.OciLayerTar, "not pushed"u8);

        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.FetchBlobAsync(absent, 1024));

        Assert.Equal(SignetErrorCode.BlobNotFound, error.Code);
    }

    [Fact]
    public async Task FetchBlob_LargerThanLimit_RefusedWithoutDownload()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository, layerBytes: 4096);

        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.FetchBlobAsync(image.Layer, 1024));

        Assert.Equal(SignetErrorCode.ContentTooLarge, error.Code);
        Assert.Contains("4096 bytes; the limit for this read is 1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTags_SmallPages_FollowsLinkHeader()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository, "t0");
        for (var i = 1; i < 5; i++)
        {
            await repository.PushManifestAsync(image.Manifest, "t" + i);
        }

        var tags = new List<string>();
        await foreach (var tag in repository.ListTagsAsync(pageSize: 2))
        {
            tags.Add(tag);
        }

        Assert.Equal(["t0", "t1", "t2", "t3", "t4"], tags.Order());
    }

    [Fact]
    public async Task MountBlob_FromOtherRepository_LinksWithoutUpload()
    {
        var client = registry.CreateClient();
        var source = client.GetRepository(registry.Host, "test/mount-source");
        var target = client.GetRepository(registry.Host, "test/mount-target");
        var image = await SampleImages.PushAsync(source);

        var mounted = await target.MountBlobAsync(image.Layer, "test/mount-source");
        var missing = await target.MountBlobAsync(Descriptor.For(MediaTypes.OciLayerTar, "nowhere"u8), "test/mount-source");

        Assert.True(mounted);
        Assert.False(missing);
        Assert.Equal(image.LayerBytes, await target.FetchBlobAsync(image.Layer, 1024 * 1024));
    }
}
