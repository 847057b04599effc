namespace Signet.Core.Errors;

/// <summary>Log event ids, in blocks per area, so that operators can alert on an id rather than a message text.</summary>
public static class SignetEventId
{
    /// <summary>First id of the OCI layout and core area.</summary>
    public const int Core = 500;

    /// <summary>First id of the registry client area.</summary>
    public const int Registry = 1000;

    /// <summary>First id of the key vault area.</summary>
    public const int Keys = 2000;

    /// <summary>First id of the signature verification area.</summary>
    public const int Verification = 3000;

    /// <summary>First id of the admission area.</summary>
    public const int Admission = 4000;

    /// <summary>First id of the policy area.</summary>
    public const int Policy = 5000;

    /// <summary>First id of the CLI area.</summary>
    public const int Cli = 6000;
}
