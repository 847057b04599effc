namespace Signet.Webhook.Hosting;

/// <summary>What the webhook answers for a custom kind with no pod spec where Signet looks.</summary>
public enum UnknownKindHandling
{
    /// <summary>Deny with <c>UNSUPPORTED_KIND</c>: Signet cannot tell which images the object would run.</summary>
    Deny,

    /// <summary>Allow with a warning: for kinds known to run nothing that the webhook rules match anyway.</summary>
    Allow,
}
