using System.Text;
using BenchmarkDotNet.Attributes;
using Signet.Core.Digests;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;
using Signet.Policy.Loading;
using Signet.Policy.Model;
using Signet.Policy.Verdicts;

namespace Signet.Benchmarks.Policy;

/// <summary>
/// Evaluation of one cached image under a policy of 10,000 rules whose matching rule trusts 1 key (baseline) or
/// 1,000 keys. Goal: 1,000 keys less than 5 % slower than 1.
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmarks
{
    private const int Rules = 10_000;

    private readonly PolicyEvaluationRequest _request = new()
    {
        Images = [$"registry.example.com/shop/web@{Digest.Compute("web"u8)}"],
        Namespace = "prod",
        User = "system:serviceaccount:kube-system:replicaset-controller",
    };

    private (PolicyEvaluator Evaluator, ImageVerificationPolicy Policy) _oneKey;
    private (PolicyEvaluator Evaluator, ImageVerificationPolicy Policy) _thousandKeys;

    [GlobalSetup]
    public void Setup()
    {
        _oneKey = Build(1);
        _thousandKeys = Build(1000);
        Warm(_oneKey);
        Warm(_thousandKeys);
    }

    [Benchmark(Baseline = true, Description = "10k rules, 1 trusted key, cached")]
    public Task<PolicyDecision> OneKey() => _oneKey.Evaluator.EvaluateAsync(_oneKey.Policy, _request);

    [Benchmark(Description = "10k rules, 1,000 trusted keys, cached")]
    public Task<PolicyDecision> ThousandKeys() => _thousandKeys.Evaluator.EvaluateAsync(_thousandKeys.Policy, _request);

    private void Warm((PolicyEvaluator Evaluator, ImageVerificationPolicy Policy) pair)
    {
        var decision = pair.Evaluator.EvaluateAsync(pair.Policy, _request).GetAwaiter().GetResult();
        if (decision.Decision != Decision.Allow)
        {
            throw new InvalidOperationException(decision.ToShortMessage());
        }
    }

    private static (PolicyEvaluator, ImageVerificationPolicy) Build(int keys)
    {
        var yaml = new StringBuilder("apiVersion: signet.dev/v1alpha1\nkind: ImageVerificationPolicy\nmetadata: {name: bench}\nspec:\n  rules:\n");
        for (var i = 0; i < Rules - 1; i++)
        {
            yaml.Append("    - name: r").Append(i).Append("\n      scope: [\"registry.example.com/team").Append(i).Append("/**\"]\n      trust: {vaultKeys: [other]}\n");
        }

        yaml.Append("    - name: shop\n      scope: [\"registry.example.com/shop/**\"]\n      trust:\n        vaultKeys: [")
            .AppendJoin(", ", Enumerable.Range(0, keys).Select(k => $"key-{k}"))
            .Append("]\n");
        var result = PolicyLoader.Parse(yaml.ToString());
        if (!result.IsValid)
        {
            throw new InvalidOperationException(result.Describe());
        }

        // The signing key is the last one listed, the worst case for any scan.
        var source = new StaticSignatureSource($"key-{keys - 1}");
        var cache = new VerificationCache(new VerificationCacheOptions { PositiveTtl = TimeSpan.FromDays(1) }, TimeProvider.System);
        return (new PolicyEvaluator(source, cache, TimeProvider.System), result.Policy);
    }
}
