namespace Signet.Policy.Model;

/// <summary>
/// Who may skip verification with a break-glass annotation on a Pod, and until when. Every request carrying a
/// break-glass annotation is recorded, granted or not.
/// </summary>
public sealed record BreakGlassSettings
{
    /// <summary>Oracle OKE's annotation.</summary>
    public const string OkeAnnotation = "oracle.image-policy.k8s.io/break-glass";

    /// <summary>The older Kubernetes ImagePolicyWebhook annotation OKE also honours.</summary>
    public const string AlphaAnnotation = "alpha.image-policy.k8s.io/break-glass";

    /// <summary>Signet's own annotation.</summary>
    public const string SignetAnnotation = "signet.dev/break-glass";

    /// <summary>The annotations recognised, in the order they are looked up; the value must be <c>"true"</c>.</summary>
    public static IReadOnlyList<string> Annotations { get; } = [OkeAnnotation, AlphaAnnotation, SignetAnnotation];

    /// <summary>No one may break glass.</summary>
    public static BreakGlassSettings None { get; } = new();

    /// <summary>User names (from the admission request's <c>userInfo.username</c>) allowed to break glass.</summary>
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];

    /// <summary>Groups (from <c>userInfo.groups</c>) whose members may break glass.</summary>
    public IReadOnlyList<string> AllowedGroups { get; init; } = [];

    /// <summary>After this instant break-glass is refused; null for no expiry.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>True when someone may break glass at all.</summary>
    public bool IsEnabled => AllowedUsers.Count > 0 || AllowedGroups.Count > 0;
}
