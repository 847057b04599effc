using Signet.Core.Oci;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Registry;

/// <summary>
/// The verification path (resolve tag, list referrers, fetch one signature manifest) must take at most 4 round trips
/// per image once the token is warm, on docker-registry 2.8 with token auth (so through the fallback index).
/// </summary>
public sealed class RoundTripBudgetTests(TokenRegistryFixture registry) : IClassFixture<TokenRegistryFixture>
{
    [Fact]
    public async Task ResolveListFetch_WarmToken_AtMostFourRoundTrips()
    {
        var counter = new RequestCounter();
        var client = registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50), services: counter.AddTo);
        var repository = client.GetRepository(registry.Host, "budget/app");
        var image = await SampleImages.PushAsync(repository, "v1");
        var signature = await SampleImages.PushReferrerAsync(repository, image.Descriptor);
        var other = await SampleImages.PushAsync(repository, "v2");
        await SampleImages.PushReferrerAsync(repository, other.Descriptor);

        // Warm the pull token and the referrers capability with the first image.
        await VerifyPathAsync(repository, "v2");
        counter.Reset();
        var fetched = await VerifyPathAsync(repository, "v1");

        Assert.Equal(signature.Digest, fetched.Digest);
        Assert.True(counter.Count <= 4, string.Join(", ", counter.Log));
        Assert.Equal(3, counter.Count);
    }

    private static async Task<ManifestContent> VerifyPathAsync(Signet.Registry.RegistryRepository repository, string tag)
    {
        var resolved = await repository.ResolveAsync(tag);
        Descriptor? first = null;
        await foreach (var referrer in repository.ListReferrersAsync(resolved.Digest, MediaTypes.NotarySignature))
        {
            first ??= referrer;
        }

        return await repository.FetchManifestAsync(first!.Digest.ToString());
    }
}
