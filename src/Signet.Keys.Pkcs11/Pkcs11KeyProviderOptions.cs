using System.ComponentModel.DataAnnotations;

namespace Signet.Keys.Pkcs11;

/// <summary>Settings of the PKCS#11 key provider (section <c>Signet:Keys:Pkcs11</c>); a URI's own attributes win.</summary>
public sealed class Pkcs11KeyProviderOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Signet:Keys:Pkcs11";

    /// <summary>The PKCS#11 module when the URI has no <c>module-path</c> (e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>).</summary>
    public string? ModulePath { get; set; }

    /// <summary>The token label when the URI has no <c>token</c>.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The user PIN, when not given by the URI or the environment variable. Never logged.</summary>
    public string? Pin { get; set; }

    /// <summary>The environment variable holding the user PIN.</summary>
    [Required]
    public string PinEnvironmentVariable { get; set; } = "SIGNET_PKCS11_PIN";

    /// <summary>Sessions kept open per token; concurrent operations beyond this wait.</summary>
    [Range(1, 64)]
    public int MaxSessions { get; set; } = 4;

    /// <summary>How long an operation waits for a free session.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SessionWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after <c>schedule deletion</c> a version's objects are destroyed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DeletionDelay { get; set; } = TimeSpan.FromDays(7);
}
