namespace Signet.Admission;

/// <summary>
/// One container image found in a workload, with where it was found, so that a denial can name the container and a
/// mutation can patch exactly that field.
/// </summary>
/// <param name="Image">The image string as written in the workload.</param>
/// <param name="ContainerName">The container's name.</param>
/// <param name="JsonPointer">RFC 6901 pointer to the <c>image</c> field in the admitted object (for JSON Patch).</param>
/// <param name="ContainerKind">containers, initContainers or ephemeralContainers.</param>
public sealed record ContainerImage(string Image, string ContainerName, string JsonPointer, string ContainerKind);

/// <summary>What the admission evaluator needs to decide on one workload: who, where, what, and its images.</summary>
public sealed record AdmissionRequestInfo
{
    /// <summary>The admission request uid (for audit records).</summary>
    public required string Uid { get; init; }

    /// <summary>Kind of the object (<c>Pod</c>, <c>Deployment</c>…).</summary>
    public required string Kind { get; init; }

    /// <summary>Namespace of the object.</summary>
    public required string Namespace { get; init; }

    /// <summary>Name of the object, when known.</summary>
    public string? Name { get; init; }

    /// <summary>CREATE, UPDATE…</summary>
    public required string Operation { get; init; }

    /// <summary>Requesting user.</summary>
    public string? UserName { get; init; }

    /// <summary>Requesting user's groups.</summary>
    public IReadOnlyList<string> UserGroups { get; init; } = [];

    /// <summary>Labels of the namespace, when known (for rule namespace selectors).</summary>
    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

    /// <summary>Annotations of the pod template (break-glass lives here).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>True for dry-run requests: no side effects (events, last-known-good updates, break-glass records).</summary>
    public bool DryRun { get; init; }

    /// <summary>Every image of the workload.</summary>
    public required IReadOnlyList<ContainerImage> Images { get; init; }
}
