namespace Signet.Admission;

/// <summary>The images of one workload object, or why they could not be found.</summary>
public sealed record WorkloadImagesResult
{
    /// <summary>The object's kind.</summary>
    public required string Kind { get; init; }

    /// <summary>How the kind was classified.</summary>
    public required WorkloadKindClass Class { get; init; }

    /// <summary>Every image, containers first, then initContainers, then ephemeralContainers.</summary>
    public required IReadOnlyList<ContainerImage> Images { get; init; }

    /// <summary>Annotations of the pod template (of the Pod itself for pods).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Pointer to the pod spec inside the object, when one was found.</summary>
    public string? PodSpecPointer { get; init; }

    /// <summary>What was wrong, for <see cref="WorkloadKindClass.Invalid"/> and <see cref="WorkloadKindClass.Unknown"/>.</summary>
    public string? Error { get; init; }

    /// <summary>True when the images were found (the object is a workload or runs nothing).</summary>
    public bool Succeeded => Class is WorkloadKindClass.Workload or WorkloadKindClass.CustomWorkload or WorkloadKindClass.NotAWorkload;

    internal static WorkloadImagesResult Invalid(string kind, string error) =>
        new() { Kind = kind, Class = WorkloadKindClass.Invalid, Images = [], Error = error };
}
