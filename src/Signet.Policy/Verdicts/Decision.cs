namespace Signet.Policy.Verdicts;

/// <summary>The admission outcome for an image or a whole request.</summary>
public enum Decision
{
    /// <summary>Admit.</summary>
    Allow,

    /// <summary>Admit with a warning to the user.</summary>
    Warn,

    /// <summary>Refuse.</summary>
    Deny,
}
