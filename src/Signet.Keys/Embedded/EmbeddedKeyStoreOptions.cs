using System.ComponentModel.DataAnnotations;

namespace Signet.Keys.Embedded;

/// <summary>Settings of the embedded encrypted key store (section <c>Signet:Keys:Embedded</c>).</summary>
public sealed class EmbeddedKeyStoreOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Signet:Keys:Embedded";

    /// <summary>The lowest PBKDF2-SHA256 iteration count accepted (OWASP 2023 guidance).</summary>
    public const int MinimumPbkdf2Iterations = 600_000;

    /// <summary>The highest count accepted, so a crafted key file cannot stall the process.</summary>
    public const int MaximumPbkdf2Iterations = 10_000_000;

    /// <summary>
    /// The key directory; when null, <c>$SIGNET_HOME/keys</c>, else <c>~/.signet/keys</c>. Created with mode 0700.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>PBKDF2-SHA256 iterations for new key files (recorded in each file; existing files keep theirs).</summary>
    [Range(MinimumPbkdf2Iterations, MaximumPbkdf2Iterations)]
    public int Pbkdf2Iterations { get; set; } = MinimumPbkdf2Iterations;

    /// <summary>The environment variable holding the passphrase.</summary>
    [Required]
    public string PassphraseEnvironmentVariable { get; set; } = "SIGNET_PASSPHRASE";

    /// <summary>A file whose content (without the trailing newline) is the passphrase; tried before the variable.</summary>
    public string? PassphraseFile { get; set; }

    /// <summary>A callback (the CLI's prompt) tried first; returning null falls through to the file and the variable.</summary>
    public Func<PassphraseRequest, CancellationToken, ValueTask<string?>>? PassphraseCallback { get; set; }

    /// <summary>How long after <c>schedule deletion</c> a version is deleted (default 7 days, as OCI Vault's minimum).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DeletionDelay { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a writer waits for another process holding the store's lock.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The directory used when <see cref="Directory"/> is null.</summary>
    public static string DefaultDirectory()
    {
        var home = Environment.GetEnvironmentVariable("SIGNET_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".signet");
        }

        return Path.Combine(home, "keys");
    }
}
