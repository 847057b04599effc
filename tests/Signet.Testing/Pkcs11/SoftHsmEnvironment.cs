using System.Diagnostics;
using System.Runtime.InteropServices;
using Signet.Keys.Pkcs11;

namespace Signet.Testing.Pkcs11;

/// <summary>
/// The one SoftHSM2 configuration of the test process. SoftHSM reads <c>SOFTHSM2_CONF</c> once, when the module is
/// initialised, and the module is process-global, so the configuration (and its token directory) is per process;
/// each <see cref="SoftHsmFixture"/> gets its own token in it. The first token is made with
/// <c>softhsm2-util --init-token --free</c> before the module is loaded; SoftHSM does not see tokens other processes
/// create after its <c>C_Initialize</c>, so later tokens are made in-process with <c>C_InitToken</c> on the free slot.
/// </summary>
public static partial class SoftHsmEnvironment
{
    /// <summary>The SoftHSM2 module Debian installs (package <c>softhsm2</c>).</summary>
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>The user PIN of every token.</summary>
    public const string Pin = "123456";

    /// <summary>The security officer PIN of every token.</summary>
    public const string SoPin = "65432178";

    private static readonly Lazy<string> s_configPath = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? s_unclaimedToken;

    /// <summary>The <c>softhsm2.conf</c> of this process; creating it the first time.</summary>
    public static string ConfigPath => s_configPath.Value;

    /// <summary>The directory holding the configuration and the tokens.</summary>
    public static string Root => Path.GetDirectoryName(ConfigPath)!;

    /// <summary>Takes the token made by softhsm2-util, once; null when another fixture already has it.</summary>
    internal static string? ClaimFirstToken()
    {
        _ = ConfigPath;
        return Interlocked.Exchange(ref s_unclaimedToken, null);
    }

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

        var label = "signet-" + Guid.NewGuid().ToString("N")[..16];
        InitTokenWithSoftHsmUtil(config, label);
        s_unclaimedToken = label;

        // Load the module now, after the first token exists and inside this one-time initialisation.
        Pkcs11Modules.Get(ModulePath);

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

    private static void InitTokenWithSoftHsmUtil(string config, string label)
    {
        var start = new ProcessStartInfo(SoftHsmUtil()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--init-token", "--free", "--label", label, "--pin", Pin, "--so-pin", SoPin })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = config;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("softhsm2-util --init-token did not finish within 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util --init-token failed ({process.ExitCode}): {output.Result} {error.Result}");
        }
    }

    [DllImport("libc.so.6", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one test-only call.
    private static extern int SetEnv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
