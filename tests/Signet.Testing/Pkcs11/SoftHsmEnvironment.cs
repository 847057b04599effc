using System.Runtime.InteropServices;

namespace Signet.Testing.Pkcs11;

/// <summary>
/// The one SoftHSM2 configuration of the test process. SoftHSM reads <c>SOFTHSM2_CONF</c> once, when the module is
/// initialised, and the module is process-global, so the configuration (and its token directory) is per process;
/// each <see cref="SoftHsmFixture"/> gets its own token in it.
/// </summary>
public static partial class SoftHsmEnvironment
{
    /// <summary>The SoftHSM2 module Debian installs (package <c>softhsm2</c>).</summary>
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    private static readonly Lazy<string> s_configPath = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The <c>softhsm2.conf</c> of this process; creating it the first time.</summary>
    public static string ConfigPath => s_configPath.Value;

    /// <summary>The directory holding the configuration and the tokens.</summary>
    public static string Root => Path.GetDirectoryName(ConfigPath)!;

    /// <summary>Finds <c>softhsm2-util</c> on PATH; throws naming the Debian package when it is missing.</summary>
    public static string SoftHsmUtil()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "softhsm2-util");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("softhsm2-util is not installed; install the Debian package softhsm2 (apt-get install softhsm2).");
    }

    private static string Create()
    {
        if (!File.Exists(ModulePath))
        {
            throw new InvalidOperationException($"{ModulePath} is missing; install the Debian package softhsm2 (apt-get install softhsm2).");
        }

        SoftHsmUtil();
        var root = Path.Combine(Path.GetTempPath(), "signet-softhsm-" + Guid.NewGuid().ToString("N")[..12]);
        var tokens = Path.Combine(root, "tokens");
        Directory.CreateDirectory(tokens);
        var config = Path.Combine(root, "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");

        // .NET keeps its own copy of the environment on Unix: the native module only sees variables set with setenv(3).
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", config);
        if (!OperatingSystem.IsWindows() && SetEnv("SOFTHSM2_CONF", config, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the directory is under the temp folder.
            }
        };
        return config;
    }

    [DllImport("libc.so.6", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one test-only call.
    private static extern int SetEnv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
