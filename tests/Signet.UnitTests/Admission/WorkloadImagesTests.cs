using System.Text;
using System.Text.Json;
using Signet.Admission;
using Signet.Testing;

namespace Signet.UnitTests.Admission;

public sealed class WorkloadImagesTests
{
    // file → (kind, pointers of the images), from the vectors' README table.
    public static TheoryData<string, string, string[]> VectorFiles()
    {
        var data = new TheoryData<string, string, string[]>();
        foreach (var file in Directory.GetFiles(TestVectors.Path("verify-image-signatures/test_data"), "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var (kind, pointers) = name switch
            {
                _ when name.StartsWith("pod_creation_with_init_container", StringComparison.Ordinal) => ("Pod", new[] { "/spec/containers/0/image", "/spec/initContainers/0/image" }),
                _ when name.StartsWith("pod_", StringComparison.Ordinal) => ("Pod", new[] { "/spec/containers/0/image" }),
                _ when name.StartsWith("cronjob_", StringComparison.Ordinal) => ("CronJob", new[] { "/spec/jobTemplate/spec/template/spec/containers/0/image" }),
                _ when name.StartsWith("deployment_", StringComparison.Ordinal) => ("Deployment", new[] { "/spec/template/spec/containers/0/image" }),
                _ when name.StartsWith("replicaset_", StringComparison.Ordinal) => ("ReplicaSet", new[] { "/spec/template/spec/containers/0/image" }),
                _ when name.StartsWith("statefulset_", StringComparison.Ordinal) => ("StatefulSet", new[] { "/spec/template/spec/containers/0/image" }),
                _ when name.StartsWith("daemonset_", StringComparison.Ordinal) => ("DaemonSet", new[] { "/spec/template/spec/containers/0/image" }),
                _ when name.StartsWith("job_", StringComparison.Ordinal) => ("Job", new[] { "/spec/template/spec/containers/0/image" }),
                _ when name.StartsWith("replicationcontroller_", StringComparison.Ordinal) => ("ReplicationController", new[] { "/spec/template/spec/containers/0/image" }),
                _ => throw new InvalidOperationException($"No expectation for vector {name}; add one."),
            };
            data.Add(name, kind, pointers);
        }

        Assert.True(data.Count >= 20, $"expected the 20 AdmissionRequest vectors, found {data.Count}");
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public void Extract_VectorRequest_FindsEveryImageWithItsPointer(string file, string kind, string[] pointers)
    {
        using var request = JsonDocument.Parse(File.ReadAllBytes(TestVectors.Path("verify-image-signatures/test_data/" + file)));
        var gvk = request.RootElement.GetProperty("kind");
        var workload = request.RootElement.GetProperty("object");

        var result = WorkloadImages.Extract(workload, gvk.GetProperty("group").GetString(), gvk.GetProperty("kind").GetString());

        Assert.Equal(WorkloadKindClass.Workload, result.Class);
        Assert.Equal(kind, result.Kind);
        Assert.Equal(pointers, result.Images.Select(i => i.JsonPointer));
        foreach (var image in result.Images)
        {
            // The pointer must lead to exactly the string reported.
            Assert.Equal(image.Image, Resolve(workload, image.JsonPointer));
        }
    }

    [Fact]
    public void Extract_PodWithAllContainerLists_ReportsContainersInitAndEphemeralInOrder()
    {
        var result = Extract("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{"a":"b"}},"spec":{
              "initContainers":[{"name":"i","image":"init:1"}],
              "containers":[{"name":"c0","image":"app:1"},{"name":"c1","image":"sidecar:2"}],
              "ephemeralContainers":[{"name":"debug","image":"busybox:1.36"}]}}
            """);

        Assert.Equal(WorkloadKindClass.Workload, result.Class);
        Assert.Equal(
            ["/spec/containers/0/image", "/spec/containers/1/image", "/spec/initContainers/0/image", "/spec/ephemeralContainers/0/image"],
            result.Images.Select(i => i.JsonPointer));
        Assert.Equal(["containers", "containers", "initContainers", "ephemeralContainers"], result.Images.Select(i => i.ContainerKind));
        Assert.Equal("debug", result.Images[3].ContainerName);
        Assert.Equal("b", result.Annotations["a"]);
    }

    [Fact]
    public void Extract_PodTemplate_ReadsTemplateSpecAndAnnotations()
    {
        var result = Extract("""
            {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"t"},"template":{"metadata":{"annotations":{"signet.dev/break-glass":"x"}},
             "spec":{"containers":[{"name":"c","image":"registry.example.com/a/b:1"}]}}}
            """);

        Assert.Equal(["/template/spec/containers/0/image"], result.Images.Select(i => i.JsonPointer));
        Assert.Equal("x", result.Annotations["signet.dev/break-glass"]);
    }

    [Fact]
    public void Extract_DeploymentAnnotations_ComeFromThePodTemplateNotTheDeployment()
    {
        var result = Extract("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"outer":"1"}},"spec":{"template":{
              "metadata":{"annotations":{"inner":"2"}},"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}
            """);

        Assert.False(result.Annotations.ContainsKey("outer"));
        Assert.Equal("2", result.Annotations["inner"]);
    }

    [Fact]
    public void Extract_LegacyEphemeralContainersSubresource_FindsEphemeralImages()
    {
        var result = Extract("""{"apiVersion":"v1","kind":"EphemeralContainers","metadata":{"name":"p"},"ephemeralContainers":[{"name":"dbg","image":"busybox"}]}""");

        Assert.Equal(WorkloadKindClass.Workload, result.Class);
        Assert.Equal("/ephemeralContainers/0/image", Assert.Single(result.Images).JsonPointer);
    }

    [Fact]
    public void Extract_CustomKindWithPodTemplate_IsTreatedAsACustomWorkload()
    {
        var result = Extract("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","spec":{"template":{"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}""");

        Assert.Equal(WorkloadKindClass.CustomWorkload, result.Class);
        Assert.Equal("/spec/template/spec/containers/0/image", Assert.Single(result.Images).JsonPointer);
    }

    [Fact]
    public void Extract_CustomKindWithoutPodSpec_IsUnknownWithAClearError()
    {
        var result = Extract("""{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":3}}""");

        Assert.Equal(WorkloadKindClass.Unknown, result.Class);
        Assert.False(result.Succeeded);
        Assert.Contains("'Widget'", result.Error, StringComparison.Ordinal);
        Assert.Contains("example.com", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Service","spec":{"ports":[]}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","data":{"containers":"x"}}""")]
    [InlineData("""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","spec":{}}""")]
    public void Extract_BuiltInKindWithoutPodSpec_IsNotAWorkload(string json)
    {
        var result = Extract(json);

        Assert.Equal(WorkloadKindClass.NotAWorkload, result.Class);
        Assert.True(result.Succeeded);
        Assert.Empty(result.Images);
    }

    [Theory]
    [InlineData("", "Deployment")]
    [InlineData("apps", "FutureSet")]
    [InlineData("batch", "Job2")]
    public void Extract_BuiltInGroupKindUnknownButCarryingPodSpec_ImagesStillChecked(string group, string kind)
    {
        // A mislabelled request (a Deployment under the core group) or a built-in kind newer than this table must
        // not be waved through as "runs no container" while it carries a pod template.
        using var document = JsonDocument.Parse("""{"metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.example/unsigned:1"}]}}}}""");

        var result = WorkloadImages.Extract(document.RootElement, group, kind);

        Assert.Equal(WorkloadKindClass.CustomWorkload, result.Class);
        Assert.Equal("registry.example/unsigned:1", Assert.Single(result.Images).Image);
    }

    [Fact]
    public void Extract_SameKindNameInACustomGroup_IsNotMistakenForTheBuiltIn()
    {
        // A CRD named "Pod" keeps its containers elsewhere; it must not be read as a core Pod.
        var result = Extract("""{"apiVersion":"example.com/v1","kind":"Pod","spec":{"template":{"spec":{"containers":[{"name":"c","image":"a:1"}]}}}}""");

        Assert.Equal(WorkloadKindClass.CustomWorkload, result.Class);
        Assert.Equal("/spec/template/spec/containers/0/image", Assert.Single(result.Images).JsonPointer);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":{"name":"c"}}}""", "/spec/containers is a JSON object")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c"}]}}""", "'c' (/spec/containers/0) has no image")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":7}]}}""", "has no image string")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":""}]}}""", "has no image string")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":["nginx"]}}""", "/spec/containers/0 is a JSON string")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","spec":[]}""", "is a JSON array, not an object")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{}}""", "has no pod spec at /spec/template/spec")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{"a":1}},"spec":{"containers":[]}}""", "annotation 'a'")]
    [InlineData("""[1,2]""", "not a Kubernetes object")]
    [InlineData("""{"apiVersion":"v1"}""", "no 'kind'")]
    public void Extract_MalformedObject_IsInvalidAndSaysWhatIsWrong(string json, string expected)
    {
        var result = Extract(json);

        Assert.Equal(WorkloadKindClass.Invalid, result.Class);
        Assert.Empty(result.Images);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DuplicateProperty_IsRejectedRatherThanGuessed()
    {
        var json = """{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"good:1","image":"evil:1"}]}}""";

        var result = WorkloadImages.Extract(Encoding.UTF8.GetBytes(json));

        Assert.Equal(WorkloadKindClass.Invalid, result.Class);
        Assert.Contains("not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DifferentlyCasedField_IsNotReadAsContainers()
    {
        // The API server decodes case-sensitively: "Containers" is not "containers" and runs nothing.
        var result = Extract("""{"apiVersion":"v1","kind":"Pod","spec":{"Containers":[{"name":"c","image":"a:1"}],"containers":[{"name":"d","image":"b:2"}]}}""");

        Assert.Equal("b:2", Assert.Single(result.Images).Image);
    }

    private static WorkloadImagesResult Extract(string json) => WorkloadImages.Extract(Encoding.UTF8.GetBytes(json));

    private static string? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.ValueKind == JsonValueKind.Array ? current[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : current.GetProperty(segment);
        }

        return current.GetString();
    }
}
