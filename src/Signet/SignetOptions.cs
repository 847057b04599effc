using System.ComponentModel.DataAnnotations;

namespace Signet;

/// <summary>Settings of the application layer, bound from the <c>Signet</c> configuration section.</summary>
public sealed class SignetOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Signet";

    /// <summary>Signet's home directory (keys, local registry, certificates); <c>SIGNET_HOME</c> or <c>~/.signet</c>.</summary>
    public string Home { get; set; } = DefaultHome();

    /// <summary>The region name recorded in vault-key signatures (<c>local</c> by default).</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$")]
    public string Region { get; set; } = "local";

    /// <summary>
    /// The host name of the embedded local registry: images named <c>&lt;host&gt;/&lt;repository&gt;</c> live in OCI image
    /// layouts under <see cref="LocalRegistryRoot"/>. Null disables it (the webhook default).
    /// </summary>
    public string? LocalRegistryHost { get; set; }

    /// <summary>The directory of the local registry's layouts (one per repository); <c>$SIGNET_HOME/registry</c> by default.</summary>
    public string? LocalRegistryRoot { get; set; }

    /// <summary>The most signature artifacts examined per image; more are reported as <c>TOO_MANY_SIGNATURES</c>.</summary>
    [Range(1, 10_000)]
    public int MaxSignaturesPerImage { get; set; } = 100;

    /// <summary>The policy file the admission evaluator enforces (reloaded when it changes).</summary>
    public string? PolicyPath { get; set; }

    /// <summary>The default <c>SIGNET_HOME</c>: the environment variable, else <c>~/.signet</c>.</summary>
    public static string DefaultHome() =>
        Environment.GetEnvironmentVariable("SIGNET_HOME") is { Length: > 0 } home
            ? Path.GetFullPath(home)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".signet");

    /// <summary>The local registry root directory in effect.</summary>
    public string EffectiveLocalRegistryRoot => LocalRegistryRoot ?? Path.Combine(Home, "registry");
}
