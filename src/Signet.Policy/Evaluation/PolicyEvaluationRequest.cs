namespace Signet.Policy.Evaluation;

/// <summary>What the admission request tells the policy: the images of one Pod in one namespace, and who asks.</summary>
public sealed record PolicyEvaluationRequest
{
    /// <summary>Image strings as written in the Pod (containers, init and ephemeral containers).</summary>
    public required IReadOnlyList<string> Images { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The namespace's labels (for rule selectors).</summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels { get; init; } = new Dictionary<string, string>();

    /// <summary><c>userInfo.username</c>.</summary>
    public string User { get; init; } = string.Empty;

    /// <summary><c>userInfo.groups</c>.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The Pod's annotations (break-glass).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>CREATE or UPDATE.</summary>
    public string Operation { get; init; } = "CREATE";

    /// <summary>True for a dry-run request.</summary>
    public bool DryRun { get; init; }
}
