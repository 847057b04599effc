namespace Signet.Policy.Model;

/// <summary>How a rule acts on an image that fails verification.</summary>
public enum RuleMode
{
    /// <summary>Deny the image.</summary>
    Enforce,

    /// <summary>Admit the image with a warning to the user.</summary>
    Warn,

    /// <summary>Admit the image silently; the failure is only recorded (logs, verdict JSON).</summary>
    Audit,
}
