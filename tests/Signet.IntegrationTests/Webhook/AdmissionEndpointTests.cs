using System.Net;
using System.Text.Json.Nodes;
using Signet.Testing.Admission;

namespace Signet.IntegrationTests.Webhook;

/// <summary>The admission endpoints in process (WebApplicationFactory) with the test evaluator.</summary>
public sealed class AdmissionEndpointTests : IDisposable
{
    private readonly WebhookFactory _factory = new();
    private readonly HttpClient _client;

    public AdmissionEndpointTests()
    {
        _client = _factory.CreateClient();
    }

    public static TheoryData<string> Vectors() => new(Reviews.VectorFiles());

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Validate_VectorRequest_AllowsSignedAndDeniesUnsignedWithoutPatch(string file)
    {
        var review = Reviews.FromVector(file);

        var response = await Reviews.PostReviewAsync(_client, "/validate", review);

        var unsigned = file.Contains("unsigned", StringComparison.Ordinal);
        Assert.Equal(!unsigned, (bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        Assert.Null(response["patchType"]);
        if (unsigned)
        {
            Assert.Equal(403, (int)response["status"]!["code"]!);
            var message = (string)response["status"]!["message"]!;
            Assert.StartsWith("[SIGNATURE_NOT_FOUND]", message, StringComparison.Ordinal);
            Assert.Contains("ghcr.io/kubewarden/test-verify-image-signatures:unsigned", message, StringComparison.Ordinal);
        }

        // The evaluator saw exactly the images of the object.
        var seen = Assert.Single(_factory.Evaluator.Requests);
        Assert.Equal(Reviews.ImagesOf(review["request"]!["object"]!, review), seen.Images.Select(i => i.Image));
        Assert.Equal("alice", seen.UserName);
        Assert.Equal(["system:authenticated"], seen.UserGroups);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Mutate_VectorRequest_PatchPinsEveryImageAndThePatchedObjectRevalidatesWithoutChange(string file)
    {
        var review = Reviews.FromVector(file);
        var workload = review["request"]!["object"]!.AsObject();

        var response = await Reviews.PostReviewAsync(_client, "/mutate", review);

        if (file.Contains("unsigned", StringComparison.Ordinal))
        {
            Assert.False((bool)response["allowed"]!);
            Assert.Null(response["patch"]);
            return;
        }

        Assert.True((bool)response["allowed"]!);
        var patch = Reviews.Patch(response);
        if (file.Contains("with_digest", StringComparison.Ordinal))
        {
            // Already pinned by the user: nothing to change.
            Assert.Null(patch);
            return;
        }

        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        Assert.NotNull(patch);
        var patched = JsonPatchApplier.Apply(workload, patch);
        var before = Reviews.ImagesOf(workload, review).ToList();
        var after = Reviews.ImagesOf(patched, review).ToList();
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal($"{before[i]}@{TestAdmissionEvaluator.DigestFor(before[i])}", after[i]);
        }

        // Re-validate the patched object: still allowed, and a second mutation changes nothing (idempotent).
        var again = Reviews.Wrap(review["request"]!.DeepClone().AsObject());
        again["request"]!["object"] = patched;
        var revalidated = await Reviews.PostReviewAsync(_client, "/validate", again);
        Assert.True((bool)revalidated["allowed"]!);
        var remutated = await Reviews.PostReviewAsync(_client, "/mutate", again);
        Assert.True((bool)remutated["allowed"]!);
        Assert.Null(remutated["patch"]);
    }

    [Fact]
    public async Task Mutate_DigestOnlyOption_DropsTheTag()
    {
        using var factory = new WebhookFactory(new() { ["Webhook:DigestPinning"] = "DigestOnly" });
        using var client = factory.CreateClient();
        var review = Reviews.ForObject("", "v1", "Pod", Reviews.Pod("registry.example.com/shop/web:1.2"));

        var response = await Reviews.PostReviewAsync(client, "/mutate", review);

        var patched = JsonPatchApplier.Apply(review["request"]!["object"]!.AsObject(), Reviews.Patch(response)!);
        Assert.Equal($"registry.example.com/shop/web@{TestAdmissionEvaluator.DigestFor("registry.example.com/shop/web:1.2")}", Assert.Single(Reviews.ImagesOf(patched, review)));
    }

    public static TheoryData<string, string, string, string, string[]> WorkloadKinds() => new()
    {
        { "", "Pod", """{"spec":{"initContainers":[{"name":"i","image":"init:1"}],"containers":[{"name":"c","image":"app:1"}]}}""", "CREATE", ["/spec/containers/0/image", "/spec/initContainers/0/image"] },
        { "apps", "Deployment", """{"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"init:1"}],"containers":[{"name":"c","image":"app:1"}]}}}}""", "UPDATE", ["/spec/template/spec/containers/0/image", "/spec/template/spec/initContainers/0/image"] },
        { "apps", "ReplicaSet", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}""", "CREATE", ["/spec/template/spec/containers/0/image"] },
        { "apps", "StatefulSet", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}""", "CREATE", ["/spec/template/spec/containers/0/image"] },
        { "apps", "DaemonSet", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}""", "UPDATE", ["/spec/template/spec/containers/0/image"] },
        { "batch", "Job", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}""", "CREATE", ["/spec/template/spec/containers/0/image"] },
        { "batch", "CronJob", """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}}}""", "CREATE", ["/spec/jobTemplate/spec/template/spec/containers/0/image"] },
        { "", "ReplicationController", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}""", "CREATE", ["/spec/template/spec/containers/0/image"] },
        { "", "PodTemplate", """{"template":{"spec":{"containers":[{"name":"c","image":"app:1"}]}}}""", "CREATE", ["/template/spec/containers/0/image"] },
    };

    [Theory]
    [MemberData(nameof(WorkloadKinds))]
    public async Task Mutate_EveryWorkloadKind_PinsImagesAtTheirPointers(string group, string kind, string json, string operation, string[] pointers)
    {
        var workload = JsonNode.Parse(json)!.AsObject();
        workload["apiVersion"] = group.Length == 0 ? "v1" : group + "/v1";
        workload["kind"] = kind;
        var review = Reviews.ForObject(group, "v1", kind, workload, operation);

        var response = await Reviews.PostReviewAsync(_client, "/mutate", review);

        Assert.True((bool)response["allowed"]!);
        var patch = JsonNode.Parse(Reviews.Patch(response)!)!.AsArray();
        Assert.Equal(pointers, patch.Select(op => (string)op!["path"]!));
        var patched = JsonPatchApplier.Apply(workload, Reviews.Patch(response)!);
        Assert.All(Reviews.ImagesOf(patched, review), image => Assert.Contains("@sha256:", image, StringComparison.Ordinal));
        Assert.Equal(pointers, Assert.Single(_factory.Evaluator.Requests).Images.Select(i => i.JsonPointer));
    }

    [Fact]
    public async Task Validate_EphemeralContainersSubresource_ChecksTheDebugImage()
    {
        var pod = Reviews.Pod("app:1");
        pod["spec"]!["ephemeralContainers"] = new JsonArray(new JsonObject { ["name"] = "debugger", ["image"] = "registry.example.com/tools/unsigned-debug:1" });
        var review = Reviews.ForObject("", "v1", "Pod", pod, "UPDATE", subResource: "ephemeralcontainers");

        var response = await Reviews.PostReviewAsync(_client, "/validate", review);

        Assert.False((bool)response["allowed"]!);
        Assert.Contains("unsigned-debug", (string)response["status"]!["message"]!, StringComparison.Ordinal);
        var seen = Assert.Single(_factory.Evaluator.Requests).Images;
        Assert.Contains(seen, i => i.ContainerKind == "ephemeralContainers" && i.JsonPointer == "/spec/ephemeralContainers/0/image");
    }

    [Fact]
    public async Task Validate_UnsignedInitContainer_DeniesTheWholePod()
    {
        var pod = Reviews.Pod("app:1");
        pod["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "setup", ["image"] = "registry.example.com/unsigned-init:1" });

        var response = await Reviews.PostReviewAsync(_client, "/validate", Reviews.ForObject("", "v1", "Pod", pod));

        Assert.False((bool)response["allowed"]!);
        Assert.Contains("unsigned-init", (string)response["status"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RequestDetails_ReachTheEvaluator()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{
              "metadata":{"annotations":{"team":"shop"}},"spec":{"containers":[{"name":"c","image":"app:1"}]}}}}
            """)!.AsObject();
        var review = Reviews.ForObject("apps", "v1", "Deployment", deployment, dryRun: true, ns: "payments");

        await Reviews.PostReviewAsync(_client, "/validate", review);

        var seen = Assert.Single(_factory.Evaluator.Requests);
        Assert.Equal("payments", seen.Namespace);
        Assert.Equal("Deployment", seen.Kind);
        Assert.Equal("web", seen.Name);
        Assert.Equal("CREATE", seen.Operation);
        Assert.Equal(["system:authenticated", "dev"], seen.UserGroups);
        Assert.True(seen.DryRun);
        Assert.Equal("shop", seen.Annotations["team"]);
        Assert.Equal((string?)review["request"]!["uid"], seen.Uid);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    public async Task Validate_OperationThatRunsNothing_IsAllowedWithoutEvaluation(string operation)
    {
        var review = Reviews.ForObject("", "v1", "Pod", Reviews.Pod("unsigned:1"), operation);

        var response = await Reviews.PostReviewAsync(_client, "/validate", review);

        Assert.True((bool)response["allowed"]!);
        Assert.Empty(_factory.Evaluator.Requests);
    }

    [Fact]
    public async Task Validate_KindWithoutContainers_IsAllowedWithNoImages()
    {
        var service = JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80}]}}""")!.AsObject();

        var response = await Reviews.PostReviewAsync(_client, "/validate", Reviews.ForObject("", "v1", "Service", service));

        Assert.True((bool)response["allowed"]!);
        Assert.Empty(_factory.Evaluator.Requests);
    }

    [Fact]
    public async Task Validate_WarnMode_AllowsWithShortWarnings()
    {
        var response = await Reviews.PostReviewAsync(_client, "/validate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod("registry.example.com/warn/" + new string('a', 150) + ":1")));

        Assert.True((bool)response["allowed"]!);
        var warning = (string)Assert.Single(response["warnings"]!.AsArray())!;
        Assert.True(warning.Length <= 120, warning);
    }

    [Fact]
    public async Task Validate_Denial_RecordsAWarningEvent_ButNotOnDryRun()
    {
        await Reviews.PostReviewAsync(_client, "/validate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod("unsigned:1"), dryRun: true));
        Assert.Empty(_factory.Events.Events);

        await Reviews.PostReviewAsync(_client, "/validate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod("unsigned:1")));

        var recorded = Assert.Single(_factory.Events.Events);
        Assert.Equal("ImageDenied", recorded.Reason);
        Assert.Equal("Warning", recorded.Type);
        Assert.Equal("web", recorded.Name);
        Assert.Equal("shop", recorded.Namespace);
        Assert.Contains("SIGNATURE_NOT_FOUND", recorded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BreakGlass_IsAllowedRecordedAndCounted()
    {
        var pod = Reviews.Pod("unsigned:1");
        pod["metadata"]!["annotations"] = new JsonObject { [TestAdmissionEvaluator.BreakGlassAnnotation] = "incident-42" };

        var response = await Reviews.PostReviewAsync(_client, "/validate", Reviews.ForObject("", "v1", "Pod", pod));

        Assert.True((bool)response["allowed"]!);
        Assert.Equal("BreakGlass", Assert.Single(_factory.Events.Events).Reason);
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("signet_break_glass_total{honoured=\"true\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EvaluatorThrows_DeniesWithoutLeakingTheStackTrace()
    {
        using var response = await _client.PostAsync("/validate", Reviews.Content(Reviews.ForObject("", "v1", "Pod", Reviews.Pod("explode:1"))));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(text)!["response"]!;
        Assert.False((bool)answer["allowed"]!);
        Assert.StartsWith("[EVALUATION_FAILED]", (string)answer["status"]!["message"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("told to fail", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_Always_AnswersOk()
    {
        using var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_FollowsTheEvaluator()
    {
        using (var ready = await _client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        _factory.Evaluator.IsReady = false;
        using var notReady = await _client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("NOT_READY", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterDecisions_ExposeCountersAndTheDurationHistogram()
    {
        await Reviews.PostReviewAsync(_client, "/validate", Reviews.FromVector("deployment_creation_unsigned.json"));
        await Reviews.PostReviewAsync(_client, "/validate", Reviews.FromVector("deployment_creation_signed.json"));
        await Reviews.PostReviewAsync(_client, "/mutate", Reviews.FromVector("deployment_creation_signed.json"));

        var metrics = await _client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE signet_admission_requests_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("signet_admission_requests_total{decision=\"deny\",kind=\"Deployment\",mode=\"enforce\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("signet_admission_requests_total{decision=\"allow\",kind=\"Deployment\",mode=\"enforce\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE signet_admission_duration_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("signet_admission_duration_seconds_count{decision=\"allow\",kind=\"Deployment\",mode=\"enforce\"} 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_RecordedByOtherLayers_AreExportedUnderTheirNames()
    {
        var metrics = _factory.Services.GetService(typeof(Signet.Admission.SignetMetrics)) as Signet.Admission.SignetMetrics;
        Assert.NotNull(metrics);
        metrics.RecordVerification("notation-jws", "VERIFIED");
        metrics.RecordBreakGlass(honoured: false);

        var text = await _client.GetStringAsync("/metrics");

        Assert.Contains("signet_verifications_total{format=\"notation-jws\",result=\"VERIFIED\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("signet_break_glass_total{honoured=\"false\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_DottedNamesAndObservableGauges_ExportedWithPrometheusNamesAndCurrentValues()
    {
        var factory = (System.Diagnostics.Metrics.IMeterFactory)_factory.Services.GetService(typeof(System.Diagnostics.Metrics.IMeterFactory))!;
        var meter = factory.Create(new System.Diagnostics.Metrics.MeterOptions(Signet.Admission.SignetMetrics.MeterName));
        var current = 5L;
        meter.CreateObservableGauge("signet.test.level", () => current);
        meter.CreateCounter<long>("signet.test.removed").Add(2, new KeyValuePair<string, object?>("signet.test.reason", "capacity"));

        var first = await _client.GetStringAsync("/metrics");
        current = 7;
        var second = await _client.GetStringAsync("/metrics");

        Assert.Contains("signet_test_removed_total{signet_test_reason=\"capacity\"} 2", first, StringComparison.Ordinal);
        Assert.Contains("signet_test_level 5", first, StringComparison.Ordinal);
        Assert.Contains("signet_test_level 7", second, StringComparison.Ordinal);
    }
}
