using System.Text.Json;

namespace Signet.Admission;

/// <summary>
/// Finds every container image of a Kubernetes workload object (as the API server sends it in an AdmissionReview, or
/// as written in a manifest), with the RFC 6901 pointer of each <c>image</c> field, so that the webhook and
/// <c>signet policy check</c> judge exactly the same images and a mutation patches exactly the field it judged.
/// </summary>
/// <remarks>
/// The walk is over <see cref="JsonElement"/> with ordinal (case-sensitive) property names, the way the API server
/// decodes objects, so an unknown or differently-cased field can never hide an image from the check or add one the
/// cluster would not run. Pod spec locations: Pod <c>/spec</c>; Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
/// ReplicationController <c>/spec/template/spec</c>; CronJob <c>/spec/jobTemplate/spec/template/spec</c>; PodTemplate
/// <c>/template/spec</c>; the pre-1.22 <c>EphemeralContainers</c> subresource object <c>/ephemeralContainers</c>
/// (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/).
/// </remarks>
public static class WorkloadImages
{
    /// <summary>The container lists of a pod spec, in the order their images are reported.</summary>
    public static IReadOnlyList<string> ContainerKinds { get; } = ["containers", "initContainers", "ephemeralContainers"];

    private static readonly Dictionary<(string Group, string Kind), WorkloadShape> s_knownKinds = new()
    {
        [("", "Pod")] = new("/spec", "/metadata/annotations"),
        [("", "EphemeralContainers")] = new(string.Empty, "/metadata/annotations"),
        [("", "PodTemplate")] = new("/template/spec", "/template/metadata/annotations"),
        [("", "ReplicationController")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("apps", "Deployment")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("apps", "ReplicaSet")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("apps", "StatefulSet")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("apps", "DaemonSet")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("extensions", "Deployment")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("extensions", "ReplicaSet")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("extensions", "DaemonSet")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("batch", "Job")] = new("/spec/template/spec", "/spec/template/metadata/annotations"),
        [("batch", "CronJob")] = new("/spec/jobTemplate/spec/template/spec", "/spec/jobTemplate/spec/template/metadata/annotations"),
    };

    // Where custom workload kinds (Argo Rollouts, Knative Services, OpenKruise…) conventionally keep a pod spec.
    private static readonly WorkloadShape[] s_conventionalShapes =
    [
        new("/spec/template/spec", "/spec/template/metadata/annotations"),
        new("/spec/jobTemplate/spec/template/spec", "/spec/jobTemplate/spec/template/metadata/annotations"),
        new("/template/spec", "/template/metadata/annotations"),
        new("/spec", "/metadata/annotations"),
    ];

    /// <summary>True when <paramref name="kind"/> in <paramref name="group"/> is a built-in kind with a pod spec.</summary>
    public static bool IsKnownWorkloadKind(string group, string kind) => s_knownKinds.ContainsKey((group, kind));

    /// <summary>
    /// Extracts the images of <paramref name="workload"/>. <paramref name="group"/> and <paramref name="kind"/> come
    /// from the AdmissionRequest (<c>request.kind</c>); when null they are read from the object's
    /// <c>apiVersion</c>/<c>kind</c>. Never throws for malformed objects: the result says what was wrong.
    /// </summary>
    public static WorkloadImagesResult Extract(JsonElement workload, string? group = null, string? kind = null)
    {
        if (workload.ValueKind != JsonValueKind.Object)
        {
            return WorkloadImagesResult.Invalid(kind ?? "?", $"The object is a JSON {Describe(workload.ValueKind)}, not a Kubernetes object.");
        }

        kind ??= GetString(workload, "kind");
        if (string.IsNullOrEmpty(kind))
        {
            return WorkloadImagesResult.Invalid("?", "The object has no 'kind'.");
        }

        group ??= GroupOf(GetString(workload, "apiVersion"));
        if (s_knownKinds.TryGetValue((group, kind), out var shape))
        {
            return ExtractAt(workload, kind, shape, WorkloadKindClass.Workload);
        }

        // Looked for before the built-in exemption: an object that carries a pod spec has its images checked whatever
        // its group says (a kind this table does not know yet, or a request whose kind was mislabelled), never waved through.
        foreach (var candidate in s_conventionalShapes)
        {
            if (Resolve(workload, candidate.PodSpecPointer) is { ValueKind: JsonValueKind.Object } podSpec && HasContainerList(podSpec))
            {
                return ExtractAt(workload, kind, candidate, WorkloadKindClass.CustomWorkload);
            }
        }

        if (IsBuiltInGroup(group))
        {
            // Services, ConfigMaps, Namespaces…: Kubernetes runs no container from them.
            return new WorkloadImagesResult { Kind = kind, Class = WorkloadKindClass.NotAWorkload, Images = [] };
        }

        return new WorkloadImagesResult
        {
            Kind = kind,
            Class = WorkloadKindClass.Unknown,
            Images = [],
            Error = $"The kind '{kind}' (group '{group}') is not a workload kind Signet knows and has no pod spec at "
                + "/spec/template/spec, /spec/jobTemplate/spec/template/spec, /template/spec or /spec; "
                + "remove it from the webhook rules or file an issue naming where its images are.",
        };
    }

    /// <summary>Parses a whole object from UTF-8 JSON (duplicate properties rejected) and extracts its images.</summary>
    public static WorkloadImagesResult Extract(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 128 });
            var result = Extract(document.RootElement);
            return result;
        }
        catch (JsonException ex)
        {
            return WorkloadImagesResult.Invalid("?", $"The object is not valid JSON: {ex.Message}");
        }
    }

    private static WorkloadImagesResult ExtractAt(JsonElement workload, string kind, WorkloadShape shape, WorkloadKindClass kindClass)
    {
        var podSpec = shape.PodSpecPointer.Length == 0 ? workload : Resolve(workload, shape.PodSpecPointer);
        var annotations = ReadAnnotations(workload, shape.AnnotationsPointer, out var annotationError);
        if (annotationError is not null)
        {
            return WorkloadImagesResult.Invalid(kind, annotationError);
        }

        if (podSpec is null || podSpec.Value.ValueKind == JsonValueKind.Null)
        {
            return WorkloadImagesResult.Invalid(kind, $"The {kind} has no pod spec at {Display(shape.PodSpecPointer)}.");
        }

        if (podSpec.Value.ValueKind != JsonValueKind.Object)
        {
            return WorkloadImagesResult.Invalid(kind, $"The pod spec of the {kind} at {Display(shape.PodSpecPointer)} is a JSON {Describe(podSpec.Value.ValueKind)}, not an object.");
        }

        var images = new List<ContainerImage>();
        foreach (var containerKind in ContainerKinds)
        {
            if (!podSpec.Value.TryGetProperty(containerKind, out var list) || list.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var listPointer = shape.PodSpecPointer + "/" + containerKind;
            if (list.ValueKind != JsonValueKind.Array)
            {
                return WorkloadImagesResult.Invalid(kind, $"{listPointer} is a JSON {Describe(list.ValueKind)}, not an array of containers.");
            }

            var index = 0;
            foreach (var container in list.EnumerateArray())
            {
                var pointer = listPointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (container.ValueKind != JsonValueKind.Object)
                {
                    return WorkloadImagesResult.Invalid(kind, $"{pointer} is a JSON {Describe(container.ValueKind)}, not a container.");
                }

                var name = container.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : $"{containerKind}[{index}]";
                if (!container.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String || image.GetString() is not { Length: > 0 } imageText)
                {
                    return WorkloadImagesResult.Invalid(kind, $"The container '{name}' ({pointer}) has no image string; every container must name an image.");
                }

                images.Add(new ContainerImage(imageText, name, pointer + "/image", containerKind));
                index++;
            }
        }

        return new WorkloadImagesResult { Kind = kind, Class = kindClass, Images = images, Annotations = annotations, PodSpecPointer = shape.PodSpecPointer };
    }

    private static Dictionary<string, string> ReadAnnotations(JsonElement workload, string pointer, out string? error)
    {
        error = null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var annotations = Resolve(workload, pointer);
        if (annotations is null || annotations.Value.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (annotations.Value.ValueKind != JsonValueKind.Object)
        {
            error = $"{pointer} is a JSON {Describe(annotations.Value.ValueKind)}, not a map of annotations.";
            return result;
        }

        foreach (var property in annotations.Value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = $"The annotation '{property.Name}' at {pointer} is not a string.";
                return result;
            }

            result[property.Name] = property.Value.GetString()!;
        }

        return result;
    }

    private static bool HasContainerList(JsonElement podSpec) =>
        ContainerKinds.Any(k => podSpec.TryGetProperty(k, out var list) && list.ValueKind == JsonValueKind.Array);

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string? GetString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return string.Empty;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }

    // Custom resource groups must contain a dot and may not use *.k8s.io / *.kubernetes.io without API review, so a
    // group without a dot or under those domains is Kubernetes's own.
    private static bool IsBuiltInGroup(string group) =>
        !group.Contains('.', StringComparison.Ordinal)
        || group.EndsWith(".k8s.io", StringComparison.Ordinal)
        || group.EndsWith(".kubernetes.io", StringComparison.Ordinal);

    private static string Display(string pointer) => pointer.Length == 0 ? "the object root" : pointer;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    private sealed record WorkloadShape(string PodSpecPointer, string AnnotationsPointer);
}
