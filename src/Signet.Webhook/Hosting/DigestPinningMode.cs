namespace Signet.Webhook.Hosting;

/// <summary>How the mutating webhook pins a verified image to its digest.</summary>
public enum DigestPinningMode
{
    /// <summary><c>repo:tag@sha256:…</c>: keeps the tag readable and GitOps tools free of drift.</summary>
    TagAndDigest,

    /// <summary><c>repo@sha256:…</c>.</summary>
    DigestOnly,

    /// <summary>No patch: <c>/mutate</c> only decides.</summary>
    Disabled,
}
