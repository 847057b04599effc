using Microsoft.Extensions.DependencyInjection;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;
using Signet.Policy.Loading;

namespace Signet.UnitTests.Policy;

public sealed class PolicyServiceCollectionTests
{
    [Fact]
    public void AddSignetPolicy_WithSource_ResolvesEvaluatorAndConfiguredCache()
    {
        var services = new ServiceCollection()
            .AddSingleton<IImageSignatureSource>(new FakeImageSignatureSource())
            .AddSignetPolicy(o => o.MaxEntries = 5);
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<PolicyEvaluator>());
        Assert.NotNull(provider.GetRequiredService<PolicyStore>());
        var cache = provider.GetRequiredService<VerificationCache>();
        for (var i = 0; i < 10; i++)
        {
            cache.Store(new VerificationCacheKey(FakeImageSignatureSource.DigestOf("i" + i), "g", "r"), new TrustOutcome { Satisfied = true, Code = "VERIFIED", Message = "m" });
        }

        Assert.Equal(5, cache.Count);
    }
}
