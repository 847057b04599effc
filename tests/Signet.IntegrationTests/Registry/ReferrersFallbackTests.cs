using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Registry;

/// <summary>
/// Referrers on docker-registry 2.8, which has no referrers API (404): the client must read and write the tag-schema
/// fallback index, and concurrent writers must not lose each other's entries.
/// </summary>
public sealed class ReferrersFallbackTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task PushReferrer_RegistryWithoutApi_WritesFallbackIndexAndListsIt()
    {
        var client = registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50));
        var repository = client.GetRepository(registry.Host, "test/referrers-basic");
        var image = await SampleImages.PushAsync(repository, "v1");
        var annotations = new Dictionary<string, string> { ["io.cncf.notary.x509chain.thumbprint#S256"] = "[\"ab\"]", ["org.opencontainers.image.created"] = "2026-11-27T05:00:00Z" };

        var signature = await SampleImages.PushReferrerAsync(repository, image.Descriptor, MediaTypes.NotarySignature, annotations);
        var listed = await ToListAsync(repository.ListReferrersAsync(image.Digest));
        var index = await repository.FetchManifestAsync(image.Digest.ToTagSchema());

        var entry = Assert.Single(listed);
        Assert.Equal(signature.Digest, entry.Digest);
        Assert.Equal(MediaTypes.NotarySignature, entry.ArtifactType);
        Assert.Equal(annotations, entry.Annotations);
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.False(client.SupportsReferrersApi(registry.Host));
    }

    [Fact]
    public async Task ListReferrers_ArtifactTypeFilter_ReturnsOnlyMatching()
    {
        var repository = registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50)).GetRepository(registry.Host, "test/referrers-filter");
        var image = await SampleImages.PushAsync(repository);
        var notation = await SampleImages.PushReferrerAsync(repository, image.Descriptor, MediaTypes.NotarySignature);
        await SampleImages.PushReferrerAsync(repository, image.Descriptor, "application/vnd.example.sbom");

        var all = await ToListAsync(repository.ListReferrersAsync(image.Digest));
        var filtered = await ToListAsync(repository.ListReferrersAsync(image.Digest, MediaTypes.NotarySignature));

        Assert.Equal(2, all.Count);
        Assert.Equal(notation.Digest, Assert.Single(filtered).Digest);
    }

    [Fact]
    public async Task ListReferrers_NoneAttached_ReturnsEmpty()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository);

        Assert.Empty(await ToListAsync(repository.ListReferrersAsync(image.Digest)));
    }

    [Fact]
    public async Task PushReferrer_ConcurrentWritersOnSeveralClients_LoseNoEntry()
    {
        const int writers = 6;
        var clients = Enumerable.Range(0, 3).Select(_ => registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(300))).ToList();
        var name = "test/referrers-concurrent";
        var image = await SampleImages.PushAsync(clients[0].GetRepository(registry.Host, name));

        // Prepare every referrer first so the index writes, not the blob uploads, race.
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            var repository = clients[i % clients.Count].GetRepository(registry.Host, name);
            var payload = new byte[32];
            Random.Shared.NextBytes(payload);
            var layer = Descriptor.For(MediaTypes.JoseJson, payload);
            await repository.PushBlobAsync(Descriptor.EmptyJson, "{}"u8.ToArray());
            await repository.PushBlobAsync(layer, payload);
            var manifest = ManifestContent.Create(new ImageManifest
            {
                MediaType = MediaTypes.OciManifest,
                ArtifactType = MediaTypes.NotarySignature,
                Config = Descriptor.EmptyJson,
                Layers = [layer],
                Subject = image.Descriptor,
            });
            await start.WaitAsync();
            await repository.PushManifestAsync(manifest);
            return manifest.Digest;
        })).ToList();
        start.Release(writers);
        var pushed = await Task.WhenAll(tasks);

        var listed = await ToListAsync(clients[0].GetRepository(registry.Host, name).ListReferrersAsync(image.Digest));

        Assert.Equal(pushed.Select(d => d.ToString()).Order(), listed.Select(d => d.Digest.ToString()).Order());
    }

    [Fact]
    public async Task ListReferrers_MoreThanLimit_ThrowsTooManySignatures()
    {
        var client = registry.CreateClient(o =>
        {
            o.MaxReferrers = 2;
            o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50);
        });
        var repository = client.GetRepository(registry.Host, "test/referrers-limit");
        var image = await SampleImages.PushAsync(repository);
        await SampleImages.PushReferrerAsync(repository, image.Descriptor);
        await SampleImages.PushReferrerAsync(repository, image.Descriptor);

        // A third entry is refused while writing, and a listing of an over-full index (written by a laxer client) fails.
        var refused = await Assert.ThrowsAsync<RegistryException>(() => SampleImages.PushReferrerAsync(repository, image.Descriptor));
        var lax = registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50)).GetRepository(registry.Host, "test/referrers-limit");
        await SampleImages.PushReferrerAsync(lax, image.Descriptor);
        var error = await Assert.ThrowsAsync<RegistryException>(async () => await ToListAsync(repository.ListReferrersAsync(image.Digest)));

        Assert.Equal(SignetErrorCode.TooManySignatures, refused.Code);
        Assert.Equal(SignetErrorCode.TooManySignatures, error.Code);
        Assert.Contains("more than 2 referrers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListReferrers_FallbackTagHoldsNonIndex_ThrowsInvalidManifest()
    {
        var repository = registry.Repository();
        var image = await SampleImages.PushAsync(repository);
        await repository.PushManifestAsync(image.Manifest, image.Digest.ToTagSchema());

        var error = await Assert.ThrowsAsync<RegistryException>(async () => await ToListAsync(repository.ListReferrersAsync(image.Digest)));

        Assert.Equal(SignetErrorCode.InvalidManifest, error.Code);
        Assert.Contains("not the OCI image index the referrers tag schema requires", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
