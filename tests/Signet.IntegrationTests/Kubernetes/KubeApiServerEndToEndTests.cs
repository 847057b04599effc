using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signet.IntegrationTests.Application;
using Signet.IntegrationTests.Webhook;
using Signet.Keys;
using Signet.Signing;
using Signet.Targets;
using Signet.Testing.Kubernetes;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Kubernetes;

/// <summary>
/// Signet's webhook, composed as deployed (real application layer, policy file, embedded key, docker-registry), called
/// by a real kube-apiserver that loads the shipped webhook configurations (deploy/manifests, with <c>clientConfig.url</c>
/// instead of the in-cluster Service) and stores what it admits. Workloads are created with the real kubectl.
/// </summary>
public sealed partial class KubeApiServerEndToEndTests(RegistryFixture registry, KubeApiServerFixture kube) : IClassFixture<RegistryFixture>, IClassFixture<KubeApiServerFixture>
{
    private const int AuditEventId = Signet.Core.Errors.SignetEventId.Admission + 1;
    private static readonly TimeSpan s_effectTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Pod_SignedByDigestCreated_UnsignedRefusedWithSignetCode()
    {
        await using var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-pod");

        var created = await CreateAsync(ns, Pod("signed", scenario.SignedByDigest));
        var refused = await CreateAsync(ns, Pod("unsigned", scenario.UnsignedByDigest));

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(scenario.SignedByDigest, (await kube.KubectlAsync("get", "pod", "signed", "-n", ns, "-o", "jsonpath={.spec.containers[0].image}")).EnsureSuccess().Stdout);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("denied the request: [SIGNATURE_NOT_FOUND]", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(scenario.Unsigned, refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("NotFound", (await kube.KubectlAsync("get", "pod", "unsigned", "-n", ns)).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deployment_SignedByTag_CreatedWithImagePinnedToVerifiedDigest()
    {
        await using var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-deploy");

        var created = await CreateAsync(ns, Workload("Deployment", "web", scenario.Signed));
        var stored = await kube.KubectlAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal($"{scenario.Signed}@{scenario.SignedDigest}", stored.EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task Deployment_UpdateToUnsignedImage_RefusedAndStoredImageKept()
    {
        await using var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-update");
        (await CreateAsync(ns, Workload("Deployment", "web", scenario.SignedByDigest))).EnsureSuccess();

        var update = await kube.KubectlAsync("set", "image", "deployment/web", $"app={scenario.UnsignedByDigest}", "-n", ns);
        var stored = await kube.KubectlAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        Assert.NotEqual(0, update.ExitCode);
        Assert.Contains("[SIGNATURE_NOT_FOUND]", update.Stderr, StringComparison.Ordinal);
        Assert.Contains(scenario.AuditRecords(), r => (string?)r["name"] == "web" && (string?)r["operation"] == "UPDATE" && (string?)r["verdict"] == "deny");
        Assert.Equal(scenario.SignedByDigest, stored.EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task Pod_SignedTagsInInitAndAppContainers_EveryImagePinned()
    {
        await using var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-init");
        var pod = JsonNode.Parse(Pod("multi", scenario.Signed))!;
        pod["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "setup", ["image"] = scenario.Signed });
        pod["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = scenario.SignedByDigest });

        var created = await CreateAsync(ns, pod.ToJsonString());
        var images = await kube.KubectlAsync("get", "pod", "multi", "-n", ns, "-o", "jsonpath={.spec.initContainers[0].image} {.spec.containers[0].image} {.spec.containers[1].image}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal($"{scenario.SignedByDigest} {scenario.SignedByDigest} {scenario.SignedByDigest}", images.EnsureSuccess().Stdout);
    }

    [Fact]
    public async Task Pod_UnsignedUnderWarnRule_CreatedAndKubectlShowsSignetWarning()
    {
        await using var scenario = await StartAsync(warnOnUnsigned: true);
        var ns = await kube.CreateNamespaceAsync("e2e-warn");

        var created = await CreateAsync(ns, Pod("warned", scenario.UnsignedByDigest));

        // Kubectl prints admission warnings as "Warning: <text>" lines on stderr.
        Assert.True(created.ExitCode == 0, created.ToString());
        var warnings = created.Stderr.Split('\n').Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.StartsWith($"Warning: SIGNATURE_NOT_FOUND: {scenario.Unsigned[..20]}", warning, StringComparison.Ordinal);
        Assert.EndsWith("(rule 'unsigned-warn' is in warn mode)", warning, StringComparison.Ordinal);
        Assert.Equal(scenario.UnsignedByDigest, (await kube.KubectlAsync("get", "pod", "warned", "-n", ns, "-o", "jsonpath={.spec.containers[0].image}")).EnsureSuccess().Stdout);
    }

    [Theory]
    [InlineData("CronJob")]
    [InlineData("Job")]
    [InlineData("StatefulSet")]
    public async Task Workload_UnsignedImage_Refused(string kind)
    {
        await using var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-" + kind.ToLowerInvariant());

        var signed = await CreateAsync(ns, Workload(kind, "signed", scenario.SignedByDigest));
        var unsigned = await CreateAsync(ns, Workload(kind, "unsigned", scenario.UnsignedByDigest));

        // The signed twin proves the kind reaches the webhook and is admitted; only the signature makes the difference.
        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.NotEqual(0, unsigned.ExitCode);
        Assert.Contains("[SIGNATURE_NOT_FOUND]", unsigned.Stderr, StringComparison.Ordinal);
        Assert.Contains("NotFound", (await kube.KubectlAsync("get", kind.ToLowerInvariant(), "unsigned", "-n", ns)).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BreakGlass_AdminWithAnnotation_AdmittedAndRecorded_WithoutAnnotationOrOtherUserDenied()
    {
        await using var scenario = await StartAsync(breakGlassUsers: ["admin"]);
        var ns = await kube.CreateNamespaceAsync("e2e-glass");
        const string annotations = "signet.dev/break-glass";

        var broken = await CreateAsync(ns, Pod("glass", scenario.UnsignedByDigest, annotations));
        var plain = await CreateAsync(ns, Pod("plain", scenario.UnsignedByDigest));

        // Impersonation (the admin may impersonate): same annotation, a user the policy does not list.
        var other = await kube.KubectlWithInputAsync(Pod("other", scenario.UnsignedByDigest, annotations), "create", "-n", ns, "-f", "-", "--as", "mallory", "--as-group", "system:masters");

        Assert.True(broken.ExitCode == 0, broken.ToString());
        Assert.NotEqual(0, plain.ExitCode);
        Assert.Contains("[SIGNATURE_NOT_FOUND]", plain.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("[SIGNATURE_NOT_FOUND]", other.Stderr, StringComparison.Ordinal);

        // Recorded: Signet's audit line and a Kubernetes Event posted to the real API server.
        var audit = scenario.AuditRecords().Where(r => (string?)r["name"] == "glass" && (string?)r["endpoint"] == "validate").ToList();
        var record = Assert.Single(audit);
        Assert.Equal("BREAK_GLASS_USED", (string?)record["code"]);
        Assert.Equal("admin", (string?)record["user"]);
        Assert.Contains("honoured", (string?)record["breakGlass"], StringComparison.Ordinal);
        var refusedRecord = Assert.Single(scenario.AuditRecords(), r => (string?)r["name"] == "other" && (string?)r["endpoint"] == "mutate");
        Assert.Contains("refused", (string?)refusedRecord["breakGlass"], StringComparison.Ordinal);
        var events = await WaitForEventsAsync(ns, "BreakGlass", "glass", "honoured");
        Assert.Contains(events, e => e.Contains("by admin honoured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebhookStopped_PodCreate_RefusedFailClosed()
    {
        var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-down");
        var signedByDigest = scenario.SignedByDigest;
        var before = await CreateAsync(ns, Pod("before", signedByDigest));

        await scenario.DisposeAsync();
        var after = await CreateAsync(ns, Pod("after", signedByDigest));

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("failed calling webhook", after.Stderr, StringComparison.Ordinal);
        Assert.Contains(".signet.dev", after.Stderr, StringComparison.Ordinal);
        Assert.Contains("NotFound", (await kube.KubectlAsync("get", "pod", "after", "-n", ns)).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDryRun_UnsignedPodRefused_SignedPodAcceptedButNotStored()
    {
        await using var scenario = await StartAsync();
        var ns = await kube.CreateNamespaceAsync("e2e-dry");

        var unsigned = await kube.KubectlWithInputAsync(Pod("unsigned", scenario.UnsignedByDigest), "apply", "--dry-run=server", "-n", ns, "-f", "-");
        var signed = await kube.KubectlWithInputAsync(Pod("signed", scenario.SignedByDigest), "apply", "--dry-run=server", "-n", ns, "-f", "-");

        Assert.NotEqual(0, unsigned.ExitCode);
        Assert.Contains("[SIGNATURE_NOT_FOUND]", unsigned.Stderr, StringComparison.Ordinal);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.Contains("server dry run", signed.Stdout, StringComparison.Ordinal);
        Assert.Contains("NotFound", (await kube.KubectlAsync("get", "pod", "signed", "-n", ns)).Stderr, StringComparison.Ordinal);
        Assert.Contains(scenario.AuditRecords(), r => (string?)r["name"] == "unsigned" && (bool?)r["dryRun"] == true && (string?)r["verdict"] == "deny");
    }

    [Fact]
    public async Task ShippedRbac_ServiceAccount_MayDoWhatTheWebhookNeedsAndNothingMore()
    {
        foreach (var file in new[] { "00-namespace.yaml", "10-rbac.yaml" })
        {
            (await kube.KubectlWithInputAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "manifests", file)), "apply", "-f", "-")).EnsureSuccess();
        }

        // The API server's own authorizer answers for the webhook's service account (impersonated by the admin).
        async Task<string> CanIAsync(params string[] what) =>
            (await kube.KubectlAsync(["auth", "can-i", .. what, "--as=system:serviceaccount:signet-system:signet-webhook"])).Stdout.Trim();

        Assert.Equal("yes", await CanIAsync("get", "namespaces"));
        Assert.Equal("yes", await CanIAsync("create", "events", "-n", "default"));
        Assert.Equal("yes", await CanIAsync("patch", "events", "-n", "default"));
        Assert.Equal("no", await CanIAsync("list", "secrets", "-n", "default"));
        Assert.Equal("no", await CanIAsync("update", "namespaces"));
        Assert.Equal("no", await CanIAsync("create", "pods", "-n", "default"));
    }

    [Fact]
    public async Task SignetSystemNamespace_FromShippedManifest_ExcludedFromTheWebhook()
    {
        await using var scenario = await StartAsync();
        var control = await kube.CreateNamespaceAsync("e2e-control");
        (await kube.KubectlWithInputAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "manifests", "00-namespace.yaml")), "apply", "-f", "-")).EnsureSuccess();

        // The webhook's own namespace must admit its pods even when no replica answers (else it could never start).
        var excluded = await CreateAsync("signet-system", Pod("unsigned", scenario.UnsignedByDigest));
        var judged = await CreateAsync(control, Pod("unsigned", scenario.UnsignedByDigest));

        Assert.True(excluded.ExitCode == 0, excluded.ToString());
        Assert.DoesNotContain(scenario.AuditRecords(), r => (string?)r["namespace"] == "signet-system");
        Assert.Contains("[SIGNATURE_NOT_FOUND]", judged.Stderr, StringComparison.Ordinal);
    }

    private Task<KubectlResult> CreateAsync(string ns, string manifest) => kube.KubectlWithInputAsync(manifest, "create", "-n", ns, "-f", "-");

    private static string Pod(string name, string image, string? breakGlassAnnotation = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (breakGlassAnnotation is not null)
        {
            metadata["annotations"] = new JsonObject { [breakGlassAnnotation] = "true" };
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = PodSpec(image, "Always") }.ToJsonString();
    }

    private static JsonObject PodSpec(string image, string restartPolicy) => new()
    {
        ["restartPolicy"] = restartPolicy,
        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
    };

    private static string Workload(string kind, string name, string image)
    {
        JsonObject Labels() => new() { ["app"] = "signet-e2e" };
        JsonObject Template(string restartPolicy) => new() { ["metadata"] = new JsonObject { ["labels"] = Labels() }, ["spec"] = PodSpec(image, restartPolicy) };
        var (apiVersion, spec) = kind switch
        {
            "Deployment" => ("apps/v1", new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = Labels() }, ["template"] = Template("Always") }),
            "StatefulSet" => ("apps/v1", new JsonObject { ["serviceName"] = name, ["selector"] = new JsonObject { ["matchLabels"] = Labels() }, ["template"] = Template("Always") }),
            "Job" => ("batch/v1", new JsonObject { ["template"] = Template("Never") }),

            // Kubernetes 1.20 serves CronJob only as batch/v1beta1 (batch/v1 came in 1.21).
            "CronJob" => ("batch/v1beta1", new JsonObject
            {
                ["schedule"] = "*/5 * * * *",
                ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = Template("Never") } },
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no manifest for this kind"),
        };
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec }.ToJsonString();
    }

    private async Task<IReadOnlyList<string>> WaitForEventsAsync(string ns, string reason, string objectName, string text)
    {
        var stopwatch = Stopwatch.StartNew();
        KubectlResult? last = null;
        while (stopwatch.Elapsed < s_effectTimeout)
        {
            last = await kube.KubectlAsync("get", "events", "-n", ns, "--field-selector", $"reason={reason},involvedObject.name={objectName}", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}");
            var messages = last.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (last.ExitCode == 0 && messages.Any(m => m.Contains(text, StringComparison.Ordinal)))
            {
                return messages;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No {reason} event for {objectName} containing '{text}' in namespace {ns} within {s_effectTimeout.TotalSeconds} s: {last}");
    }

    [Fact]
    public async Task NamespaceSelectedRule_LabelReadFromApiServer_EnforcedOnlyInLabelledNamespace()
    {
        await using var scenario = await StartAsync(enforceOnlyWhereLabel: "signet-e2e/tier=prod");
        var prod = await kube.CreateNamespaceAsync("e2e-prod");
        var dev = await kube.CreateNamespaceAsync("e2e-dev");
        (await kube.KubectlAsync("label", "namespace", prod, "signet-e2e/tier=prod")).EnsureSuccess();

        // AdmissionReviews carry no namespace labels: without reading them, the prod rule never matched and the audit
        // rule admitted unsigned images in prod.
        var refusedInProd = await CreateAsync(prod, Pod("unsigned", scenario.UnsignedByDigest));
        var admittedInDev = await CreateAsync(dev, Pod("unsigned", scenario.UnsignedByDigest));
        var signedInProd = await CreateAsync(prod, Pod("signed", scenario.SignedByDigest));

        Assert.NotEqual(0, refusedInProd.ExitCode);
        Assert.Contains("SIGNATURE_NOT_FOUND", refusedInProd.Stderr, StringComparison.Ordinal);
        admittedInDev.EnsureSuccess();
        signedInProd.EnsureSuccess();
    }

    /// <summary>Signs one image, leaves another unsigned, writes the policy, starts the webhook and registers it with the API server.</summary>
    private async Task<Scenario> StartAsync(IReadOnlyList<string>? breakGlassUsers = null, bool warnOnUnsigned = false, string? enforceOnlyWhereLabel = null)
    {
        var host = new SignetHost();
        try
        {
            var key = await host.Get<KeyVault>().CreateKeyAsync("kube-e2e", KeyType.EcP256);
            var signed = $"{registry.Host}/kube-signed-{Guid.NewGuid():N}";
            var unsigned = $"{registry.Host}/kube-unsigned-{Guid.NewGuid():N}";
            var resolver = host.Get<ImageTargetResolver>();
            var signedImage = await SampleImages.PushAsync(resolver.Resolve(signed + ":1.0").Repository, "1.0");
            var unsignedImage = await SampleImages.PushAsync(resolver.Resolve(unsigned + ":1.0").Repository, "1.0");
            await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = signed + ":1.0", KeyId = key.Id });
            var policy = Path.Combine(host.Home, "policy.yaml");
            var breakGlass = breakGlassUsers is null ? "" : $"""
                  breakGlass:
                    allowedUsers: [{string.Join(", ", breakGlassUsers)}]

                """;
            var warnRule = !warnOnUnsigned ? "" : $"""
                    - name: unsigned-warn
                      scope: ["{unsigned}"]
                      mode: warn
                      trust:
                        vaultKeys: ["{key.Id}"]

                """;
            // Enforce only in namespaces carrying the label (key=value); elsewhere the same images are merely audited.
            var labelled = enforceOnlyWhereLabel?.Split('=') is [var labelKey, var labelValue] ? $$"""
                      namespaces:
                        selector:
                          matchLabels: {{{labelKey}}: "{{labelValue}}"}
                    - name: test-registry-audit
                      scope: ["{{registry.Host}}/**"]
                      mode: audit
                      trust:
                        vaultKeys: ["{{key.Id}}"]

                """ : "";
            await File.WriteAllTextAsync(policy, $"""
                apiVersion: signet.dev/v1alpha1
                kind: ImageVerificationPolicy
                metadata:
                  name: kube-e2e
                spec:
                  pinDigests: true
                {breakGlass}  rules:
                    - name: test-registry
                      scope: ["{registry.Host}/**"]
                      trust:
                        vaultKeys: ["{key.Id}"]
                {labelled}{warnRule}
                """);

            var sink = new AuditLogTests.CollectingLoggerProvider();
            var (app, address, caFile) = await StartWebhookAsync(host, policy, sink);
            var scenario = new Scenario(host, app, sink, signed + ":1.0", signedImage.Digest.ToString(), unsigned + ":1.0", unsignedImage.Digest.ToString());
            try
            {
                await RegisterAsync(address, caFile);
                await WaitUntilBothWebhooksServeAsync(scenario);
                return scenario;
            }
            catch
            {
                await scenario.DisposeAsync();
                throw;
            }
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private Task<(WebApplication App, Uri Address, string CaFile)> StartWebhookAsync(SignetHost host, string policy, ILoggerProvider sink) =>
        InProcessWebhook.StartAsync(host, policy, builder =>
        {
            builder.Logging.AddProvider(sink);

            // What the webhook wires in a cluster, pointed at this API server: Events are posted and namespace labels read for real.
            var kubeconfig = KubernetesClientConfiguration.BuildConfigFromConfigFile(kube.KubeconfigPath);
            builder.Services.AddSignetKubernetes(_ => new k8s.Kubernetes(kubeconfig));
        });

    /// <summary>Applies the shipped webhook configurations, pointed at <paramref name="address"/> with the test CA.</summary>
    private async Task RegisterAsync(Uri address, string caFile)
    {
        var caBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(caFile)));
        var documents = new List<string>();
        foreach (var (file, path) in new[] { ("40-mutatingwebhookconfiguration.yaml", "/mutate"), ("50-validatingwebhookconfiguration.yaml", "/validate") })
        {
            documents.Add(ForLoopback(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "manifests", file)), new Uri(address, path), caBundle));
        }

        (await kube.KubectlWithInputAsync(string.Join("\n---\n", documents), "apply", "-f", "-")).EnsureSuccess();
    }

    /// <summary>A shipped webhook configuration with its in-cluster Service replaced by <paramref name="url"/> and <paramref name="caBundle"/> filled in.</summary>
    internal static string ForLoopback(string manifest, Uri url, string caBundle)
    {
        var services = ServiceBlock().Matches(manifest);
        var bundles = Regex.Matches(manifest, "caBundle: \"\"");
        if (services.Count != 1 || bundles.Count != 1)
        {
            throw new InvalidOperationException($"Expected one clientConfig.service block and one empty caBundle in the manifest, found {services.Count} and {bundles.Count}:\n{manifest}");
        }

        return ServiceBlock().Replace(manifest, m => $"{m.Groups["indent"].Value}url: \"{url}\"\n").Replace("caBundle: \"\"", $"caBundle: \"{caBundle}\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits (bounded) until the API server calls this webhook on both endpoints: its configuration informer lags
    /// <c>kubectl apply</c>, and until then it calls the previous address or no webhook at all.
    /// </summary>
    private async Task WaitUntilBothWebhooksServeAsync(Scenario scenario)
    {
        var ns = await kube.CreateNamespaceAsync("e2e-probe");
        var stopwatch = Stopwatch.StartNew();
        KubectlResult? last = null;
        for (var attempt = 0; stopwatch.Elapsed < s_effectTimeout; attempt++)
        {
            var name = $"probe-{attempt}";
            last = await kube.KubectlWithInputAsync(Pod(name, scenario.SignedByDigest), "create", "--dry-run=server", "-n", ns, "-f", "-");
            var endpoints = scenario.AuditRecords().Where(r => (string?)r["name"] == name && (string?)r["namespace"] == ns).Select(r => (string?)r["endpoint"]).ToHashSet();
            if (last.ExitCode == 0 && endpoints.Contains("mutate") && endpoints.Contains("validate"))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API server did not call the webhook's /mutate and /validate within {s_effectTimeout.TotalSeconds} s of registering it: {last}\n{kube.ApiServerLogTail()}");
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

    [GeneratedRegex(@"^(?<indent>[ ]+)service:\n(?:\k<indent>[ ]{2}.*\n)+", RegexOptions.Multiline)]
    private static partial Regex ServiceBlock();

    private sealed class Scenario(SignetHost host, WebApplication app, AuditLogTests.CollectingLoggerProvider sink, string signed, string signedDigest, string unsigned, string unsignedDigest) : IAsyncDisposable
    {
        private bool _disposed;

        /// <summary>The signed image by tag (<c>registry/repo:1.0</c>).</summary>
        public string Signed => signed;

        public string SignedDigest => signedDigest;

        public string SignedByDigest => $"{signed}@{signedDigest}";

        /// <summary>The unsigned image by tag.</summary>
        public string Unsigned => unsigned;

        public string UnsignedByDigest => $"{unsigned}@{unsignedDigest}";

        /// <summary>Signet's audit records so far (one per decision and endpoint).</summary>
        public List<JsonNode> AuditRecords() =>
            sink.Entries.Where(e => e.EventId == AuditEventId && e.State.TryGetValue("Audit", out var json) && json is not null)
                .Select(e => JsonNode.Parse(e.State["Audit"]!)!)
                .ToList();

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
            host.Dispose();
        }
    }
}
