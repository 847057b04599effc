using System.Text.Json;
using Signet.Core.Layout;
using Signet.Testing.Registry;

namespace Signet.UnitTests.Cli;

/// <summary>policy check/validate/import against images in the embedded local registry (signet.local, temp files only).</summary>
public sealed class PolicyCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<(string Signed, string Unsigned, string Policy)> SetUpAsync()
    {
        Assert.Equal(0, await _cli.RunAsync("key", "create", "prod"));
        var store = new OciLayoutStore(Path.Combine(_cli.Home, "registry", "team", "app"));
        var signed = $"signet.local/team/app@{(await SampleImages.PushAsync(store, "signed")).Digest}";
        var unsigned = $"signet.local/team/app@{(await SampleImages.PushAsync(store, "unsigned")).Digest}";
        Assert.Equal(0, await _cli.RunAsync("sign", signed, "--key", "prod"));
        var policy = Path.Combine(_cli.Home, "policy.yaml");
        await File.WriteAllTextAsync(policy, """
            apiVersion: signet.dev/v1alpha1
            kind: ImageVerificationPolicy
            metadata:
              name: team
            spec:
              noMatch: deny
              rules:
                - name: team
                  scope: ["signet.local/team/**"]
                  trust:
                    vaultKeys: ["signet:prod"]
            """);
        return (signed, unsigned, policy);
    }

    private static string Manifest(string kind, string image) => kind switch
    {
        "Pod" => $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: {image}\n",
        "CronJob" => $"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cj\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: c\n              image: {image}\n",
        "Job" => $"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: {image}\n      containers:\n        - name: c\n          image: {image}\n",
        "ReplicationController" => $"apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: c\n          image: {image}\n",
        _ => $"apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: w\n  namespace: prod\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: c\n          image: {image}\n",
    };

    [Theory]
    [InlineData("Pod")]
    [InlineData("Deployment")]
    [InlineData("ReplicaSet")]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    [InlineData("Job")]
    [InlineData("CronJob")]
    [InlineData("ReplicationController")]
    public async Task PolicyCheck_EveryWorkloadKind_SignedAdmittedUnsignedDenied(string kind)
    {
        var (signed, unsigned, policy) = await SetUpAsync();
        var file = Path.Combine(_cli.Home, "workload.yaml");

        await File.WriteAllTextAsync(file, Manifest(kind, signed));
        Assert.Equal(0, await _cli.RunAsync("policy", "check", "--policy", policy, file, "-o", "json"));
        CliSchema.AssertValid("policyCheck", _cli.Out.Output);
        using (var json = JsonDocument.Parse(_cli.Out.Output))
        {
            var item = Assert.Single(json.RootElement.GetProperty("objects").EnumerateArray());
            Assert.Equal(kind, item.GetProperty("kind").GetString());
            Assert.True(item.GetProperty("allowed").GetBoolean(), item.GetProperty("message").GetString());
        }

        await File.WriteAllTextAsync(file, Manifest(kind, unsigned));
        Assert.Equal(1, await _cli.RunAsync("policy", "check", "--policy", policy, file));
        Assert.Contains("denied", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains("SIGNATURE_NOT_FOUND", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Contains(unsigned, _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyCheck_MultiDocumentFromStdin_DeniesOnlyTheUnsignedAndSkipsServices()
    {
        var (signed, unsigned, policy) = await SetUpAsync();
        _cli.StandardInput = Manifest("Deployment", signed) + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n" + Manifest("Pod", unsigned);

        Assert.Equal(1, await _cli.RunAsync("policy", "check", "--policy", policy, "-", "-o", "json"));

        using var json = JsonDocument.Parse(_cli.Out.Output);
        Assert.False(json.RootElement.GetProperty("admitted").GetBoolean());
        var verdicts = json.RootElement.GetProperty("objects").EnumerateArray().Select(o => (o.GetProperty("kind").GetString(), o.GetProperty("allowed").GetBoolean())).ToArray();
        Assert.Equal([("Deployment", true), ("Service", true), ("Pod", false)], verdicts);
    }

    [Fact]
    public async Task PolicyCheck_ManyObjectsOnTerminal_ProgressOnStandardErrorAndVerdictsInInputOrder()
    {
        var (signed, unsigned, policy) = await SetUpAsync();
        var kinds = new[] { "Deployment", "Pod", "StatefulSet", "DaemonSet", "Job", "CronJob" };
        _cli.StandardInput = string.Join("---\n", kinds.Select((kind, i) => Manifest(kind, i % 2 == 0 ? signed : unsigned)));
        _cli.ErrorIsTerminal = true;

        Assert.Equal(1, await _cli.RunAsync("policy", "check", "--policy", policy, "-", "-o", "json"));

        Assert.Contains("Checking 6/6", _cli.Error.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_cli.Out.Output);
        var verdicts = json.RootElement.GetProperty("objects").EnumerateArray().Select(o => (o.GetProperty("kind").GetString(), o.GetProperty("allowed").GetBoolean())).ToArray();
        Assert.Equal(kinds.Select((kind, i) => ((string?)kind, i % 2 == 0)), verdicts);
    }

    // Enforce in namespaces labelled tier=prod; elsewhere the same images are only audited (admitted).
    private async Task<string> WriteTierPolicyAsync()
    {
        var policy = Path.Combine(_cli.Home, "by-label.yaml");
        await File.WriteAllTextAsync(policy, """
            apiVersion: signet.dev/v1alpha1
            kind: ImageVerificationPolicy
            metadata:
              name: tiers
            spec:
              rules:
                - name: prod
                  scope: ["signet.local/team/**"]
                  namespaces: {selector: {matchLabels: {tier: prod}}}
                  trust: {vaultKeys: ["signet:prod"]}
                - name: elsewhere
                  scope: ["signet.local/team/**"]
                  mode: audit
                  trust: {vaultKeys: ["signet:prod"]}
            """);
        return policy;
    }

    [Fact]
    public async Task VerifyWithPolicy_RuleSelectingNamespacesByLabel_LabelsFromTheOption()
    {
        var (_, unsigned, _) = await SetUpAsync();
        var policy = await WriteTierPolicyAsync();

        Assert.Equal(0, await _cli.RunAsync("verify", unsigned, "--policy", policy, "--namespace", "lab"));
        Assert.Equal(1, await _cli.RunAsync("verify", unsigned, "--policy", policy, "--namespace", "shop", "--namespace-label", "tier=prod"));
        Assert.Contains("SIGNATURE_NOT_FOUND", _cli.Out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyCheck_RuleSelectingNamespacesByLabel_UsesNamespaceObjectsThenTheOption()
    {
        var (_, unsigned, _) = await SetUpAsync();
        var policy = await WriteTierPolicyAsync();
        string Pod(string ns) => $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-{ns}\n  namespace: {ns}\nspec:\n  containers:\n    - name: c\n      image: {unsigned}\n";
        _cli.StandardInput = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {tier: prod}\n---\n" + Pod("shop") + "---\n" + Pod("lab");

        Assert.Equal(1, await _cli.RunAsync("policy", "check", "--policy", policy, "-", "-o", "json"));
        using (var json = JsonDocument.Parse(_cli.Out.Output))
        {
            var verdicts = json.RootElement.GetProperty("objects").EnumerateArray().Select(o => (o.GetProperty("name").GetString(), o.GetProperty("allowed").GetBoolean())).ToArray();
            Assert.Equal([("shop", true), ("p-shop", false), ("p-lab", true)], verdicts);
        }

        // A namespace the input does not define takes its labels from --namespace-label.
        _cli.StandardInput = Pod("lab");
        Assert.Equal(1, await _cli.RunAsync("policy", "check", "--policy", policy, "-", "--namespace-label", "tier=prod"));
        Assert.Contains("SIGNATURE_NOT_FOUND", _cli.Out.Output, StringComparison.Ordinal);
        Assert.Equal(2, await _cli.RunAsync("policy", "check", "--policy", policy, "-", "--namespace-label", "tier"));
    }

    [Fact]
    public async Task PolicyCheck_AdmissionReview_UsesTheReviewNamespaceAndDenies()
    {
        var (_, unsigned, policy) = await SetUpAsync();
        var file = Path.Combine(_cli.Home, "review.json");
        await File.WriteAllTextAsync(file, """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","kind":{"group":"","version":"v1","kind":"Pod"},
             "namespace":"payments","operation":"CREATE","userInfo":{"username":"alice"},
             "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"c","image":"IMAGE"}]}}}}
            """.Replace("IMAGE", unsigned, StringComparison.Ordinal));

        Assert.Equal(1, await _cli.RunAsync("policy", "check", "--policy", policy, file, "-o", "json"));

        using var json = JsonDocument.Parse(_cli.Out.Output);
        var item = Assert.Single(json.RootElement.GetProperty("objects").EnumerateArray());
        Assert.Equal("payments", item.GetProperty("namespace").GetString());
        Assert.Equal("SIGNATURE_NOT_FOUND", item.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n      image: [broken\n", 2)]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: \"UPPER/Case:bad tag\"\n", 1)]
    public async Task PolicyCheck_BadInput_DeniedOrUsageError(string manifest, int exitCode)
    {
        var (_, _, policy) = await SetUpAsync();
        var file = Path.Combine(_cli.Home, "bad.yaml");
        await File.WriteAllTextAsync(file, manifest);

        Assert.Equal(exitCode, await _cli.RunAsync("policy", "check", "--policy", policy, file));
    }

    [Fact]
    public async Task PolicyCheck_UnreadableFile_Exit2()
    {
        Assert.Equal(2, await _cli.RunAsync("policy", "check", "--policy", "/nonexistent/policy.yaml", "/nonexistent/manifests.yaml"));
        Assert.Contains("[FILE_UNREADABLE]", _cli.Error.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyValidate_InvalidPolicy_Exit1ListingEveryErrorWithLine()
    {
        var file = Path.Combine(_cli.Home, "broken.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: signet.dev/v1alpha1\nkind: ImageVerificationPolicy\nmetadata:\n  name: b\nspec:\n  noMatch: sometimes\n  rules:\n    - name: r\n      scope: [\"\"]\n      trust:\n        vaultKeys: [\"signet:missing\"]\n");

        Assert.Equal(1, await _cli.RunAsync("policy", "validate", file, "-o", "json"));

        CliSchema.AssertValid("policyValidate", _cli.Out.Output);
        using var json = JsonDocument.Parse(_cli.Out.Output);
        var errors = json.RootElement.GetProperty("errors").EnumerateArray().ToArray();
        Assert.True(errors.Length >= 2, _cli.Out.Output);
        Assert.All(errors, e => Assert.True(e.GetProperty("line").GetInt32() > 0));
    }

    [Fact]
    public async Task PolicyImport_Oke_WritesValidYamlOnStdout()
    {
        var file = Path.Combine(_cli.Home, "oke.json");
        await File.WriteAllTextAsync(file, """
            {"isPolicyEnabled": true, "keyDetails": [{"kmsKeyId": "ocid1.key.oc1.phx.example.release"}]}
            """);

        Assert.Equal(0, await _cli.RunAsync("policy", "import", "--from", "oke", file, "--registry", "phx.ocir.io"));

        Assert.Contains("ocid1.key.oc1.phx.example.release", _cli.Out.Output, StringComparison.Ordinal);
        var imported = Path.Combine(_cli.Home, "imported.yaml");
        await File.WriteAllTextAsync(imported, _cli.Out.Output);
        var result = await Signet.Policy.Loading.PolicyLoader.LoadFileAsync(imported);
        Assert.True(result.IsValid, result.Describe());
    }

    [Fact]
    public async Task PolicyImport_GarbageOke_Exit2AndNothingOnStdout()
    {
        var file = Path.Combine(_cli.Home, "oke.json");
        await File.WriteAllTextAsync(file, "this is not json");

        Assert.Equal(2, await _cli.RunAsync("policy", "import", "--from", "oke", file));
        Assert.Empty(_cli.Out.Output);
    }
}
