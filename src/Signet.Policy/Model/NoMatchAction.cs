namespace Signet.Policy.Model;

/// <summary>What happens to an image that no rule covers (policy-level <c>noMatch</c>).</summary>
public enum NoMatchAction
{
    /// <summary>Admit silently (OKE: images from other registries are not enforced).</summary>
    Allow,

    /// <summary>Admit with a warning to the user.</summary>
    Warn,

    /// <summary>Refuse the image (the default for a new Signet policy).</summary>
    Deny,
}
