namespace Signet.IntegrationTests.Webhook;

/// <summary>The shipped manifests send every workload kind Signet reads to the webhook, fail closed, and time out after Signet's budget.</summary>
public sealed class DeployManifestTests
{
    public static TheoryData<string> WebhookConfigurations() => new()
    {
        "deploy/manifests/40-mutatingwebhookconfiguration.yaml",
        "deploy/manifests/50-validatingwebhookconfiguration.yaml",
        "deploy/helm/signet/templates/_helpers.tpl",
    };

    [Theory]
    [MemberData(nameof(WebhookConfigurations))]
    public void Manifest_Rules_CoverEveryWorkloadResource(string relative)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), relative));

        foreach (var resource in new[] { "\"pods\"", "\"pods/ephemeralcontainers\"", "\"replicationcontrollers\"", "\"podtemplates\"", "\"deployments\"", "\"replicasets\"", "\"statefulsets\"", "\"daemonsets\"", "\"jobs\"", "\"cronjobs\"" })
        {
            Assert.Contains(resource, text, StringComparison.Ordinal);
        }

        Assert.Contains("operations: [\"CREATE\", \"UPDATE\"]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy/manifests/40-mutatingwebhookconfiguration.yaml", "/mutate")]
    [InlineData("deploy/manifests/50-validatingwebhookconfiguration.yaml", "/validate")]
    public void Manifest_Webhook_FailsClosedWithTenSecondTimeout(string relative, string path)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), relative));

        Assert.Contains("timeoutSeconds: 10", text, StringComparison.Ordinal);
        Assert.Contains("failurePolicy: Fail", text, StringComparison.Ordinal);
        Assert.Contains("admissionReviewVersions: [\"v1\"]", text, StringComparison.Ordinal);
        Assert.Contains($"path: {path}", text, StringComparison.Ordinal);
        Assert.Contains("signet-system", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_DecisionBudget_IsBelowTheWebhookTimeout()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy/manifests/20-deployment.yaml"));

        Assert.Contains("value: \"00:00:08\"", text, StringComparison.Ordinal);
        Assert.Contains("value: \"00:00:10\"", text, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Signet.slnx above {AppContext.BaseDirectory}.");
    }
}
