using System.Diagnostics;
using Signet.Testing.Registry;
using Xunit;

namespace Signet.Testing.Kubernetes;

/// <summary>
/// A real etcd + <c>kube-apiserver</c> (Kubernetes 1.20, built from Debian's source by
/// <c>../shared/tools/kube-apiserver/build.sh</c>) on 127.0.0.1 on free ports, started with that folder's
/// <c>kube-up.sh</c> in a temporary work directory and stopped with <c>kube-down.sh</c>. No kubelet runs: objects are
/// admitted and stored, which is all admission needs. Fails (never skips) when the binaries are missing.
/// </summary>
public sealed class KubeApiServerFixture : IAsyncLifetime
{
    /// <summary>Environment variable naming a build work directory whose <c>bin</c> holds kube-apiserver and kubectl.</summary>
    public const string WorkDirectoryVariable = "SIGNET_K8S_WORKDIR";

    /// <summary>Environment variable naming the folder of kube-up.sh/kube-down.sh (default: found next to the repository).</summary>
    public const string ToolsVariable = "SIGNET_K8S_TOOLS";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_kubectlTimeout = TimeSpan.FromSeconds(60);
    private readonly List<int> _pids = [];

    /// <summary>The temporary work directory (pki, run, kubeconfig; <c>bin</c> links to the built binaries).</summary>
    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "signet-kube-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The folder holding kube-up.sh and kube-down.sh.</summary>
    public string ToolsDirectory { get; private set; } = "";

    /// <summary>The folder holding the built kube-apiserver and kubectl.</summary>
    public string BinDirectory { get; private set; } = "";

    /// <summary>The API server's secure port on 127.0.0.1.</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>The API server's address.</summary>
    public Uri Server => new($"https://127.0.0.1:{Port}");

    /// <summary>The admin kubeconfig (user <c>admin</c>, group <c>system:masters</c>).</summary>
    public string KubeconfigPath => Path.Combine(WorkDirectory, "kubeconfig");

    /// <summary>The API server's log (for failure messages).</summary>
    public string ApiServerLogPath => Path.Combine(WorkDirectory, "run", "apiserver.log");

    /// <summary>The built binaries folder: <see cref="WorkDirectoryVariable"/>'s <c>bin</c>, else <c>~/.cache/signet-k8s/bin</c>.</summary>
    public static string DefaultBinDirectory()
    {
        var work = Environment.GetEnvironmentVariable(WorkDirectoryVariable);
        if (string.IsNullOrEmpty(work))
        {
            work = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "signet-k8s");
        }

        return Path.Combine(Path.GetFullPath(work), "bin");
    }

    /// <summary>
    /// Runs the real kubectl against this API server (<c>--kubeconfig</c> is added), bounded to one minute; a kubectl
    /// that does not finish is killed and reported as a <see cref="TimeoutException"/>.
    /// </summary>
    public Task<KubectlResult> KubectlAsync(params string[] args) => RunKubectlAsync(args, standardInput: null, s_kubectlTimeout);

    /// <summary>Runs kubectl with <paramref name="standardInput"/> on its standard input (e.g. <c>apply -f -</c>).</summary>
    public Task<KubectlResult> KubectlWithInputAsync(string standardInput, params string[] args) => RunKubectlAsync(args, standardInput, s_kubectlTimeout);

    /// <summary>Runs kubectl with <paramref name="args"/>, optional standard input, within <paramref name="timeout"/>.</summary>
    public async Task<KubectlResult> RunKubectlAsync(IEnumerable<string> args, string? standardInput, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(args);
        var arguments = new List<string> { "--kubeconfig", KubeconfigPath, "--request-timeout", "30s" };
        arguments.AddRange(args);
        var (exitCode, stdout, stderr) = await RunAsync(Path.Combine(BinDirectory, "kubectl"), arguments, standardInput, environment: null, timeout);
        return new KubectlResult(exitCode, stdout, stderr, "kubectl " + string.Join(' ', args));
    }

    /// <summary>Creates a namespace with a unique name starting with <paramref name="prefix"/> and returns the name.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        (await KubectlAsync("create", "namespace", name)).EnsureSuccess();
        return name;
    }

    /// <summary>The tail of the API server's log (for failure messages).</summary>
    public string ApiServerLogTail(int lines = 40)
    {
        try
        {
            return File.Exists(ApiServerLogPath) ? string.Join('\n', File.ReadLines(ApiServerLogPath).TakeLast(lines)) : "(no apiserver.log)";
        }
        catch (IOException ex)
        {
            return $"(apiserver.log unreadable: {ex.Message})";
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        ToolsDirectory = LocateTools();
        BinDirectory = DefaultBinDirectory();
        foreach (var binary in new[] { "kube-apiserver", "kubectl" })
        {
            if (!File.Exists(Path.Combine(BinDirectory, binary)))
            {
                throw new InvalidOperationException(
                    $"{Path.Combine(BinDirectory, binary)} is missing: build the Kubernetes API server once per machine with " +
                    $"'bash {Path.Combine(ToolsDirectory, "build.sh")}' (the repository's ../shared/tools/kube-apiserver/build.sh; " +
                    $"eng/install-deps.sh runs it), or set {WorkDirectoryVariable} to a build work directory.");
            }
        }

        // Both throw naming the Debian package when missing (kube-up.sh runs etcd and makes certificates with openssl).
        BoundedProcess.FindExecutable("etcd", "etcd-server");
        BoundedProcess.FindExecutable("openssl", "openssl");

        Directory.CreateDirectory(WorkDirectory);
        File.CreateSymbolicLink(Path.Combine(WorkDirectory, "bin"), BinDirectory);
        var environment = new Dictionary<string, string>
        {
            ["KUBE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ETCD_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ETCD_PEER_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        (int ExitCode, string Stdout, string Stderr) up;
        try
        {
            up = await RunAsync("bash", [Path.Combine(ToolsDirectory, "kube-up.sh"), WorkDirectory], null, environment, s_startTimeout);
        }
        catch (TimeoutException ex)
        {
            RememberPids();
            await DisposeAsync();
            throw new TimeoutException($"{ex.Message}\nAPI server log:\n{ApiServerLogTail()}", ex);
        }

        RememberPids();
        if (up.ExitCode != 0 || !File.Exists(KubeconfigPath))
        {
            var log = ApiServerLogTail();
            await DisposeAsync();
            throw new InvalidOperationException($"kube-up.sh failed with exit code {up.ExitCode}:\n{up.Stdout}\n{up.Stderr}\nAPI server log:\n{log}");
        }

        // /readyz is answered before every informer is warm; wait until the API really serves objects (bounded).
        var stopwatch = Stopwatch.StartNew();
        KubectlResult? last = null;
        while (stopwatch.Elapsed < s_startTimeout)
        {
            last = await KubectlAsync("get", "namespace", "default", "-o", "name");
            if (last.ExitCode == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        await DisposeAsync();
        throw new TimeoutException($"The API server on {Server} did not serve the default namespace within {s_startTimeout.TotalSeconds} s: {last}\n{ApiServerLogTail()}");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (!Directory.Exists(WorkDirectory))
        {
            return;
        }

        RememberPids();
        if (ToolsDirectory.Length > 0)
        {
            try
            {
                await RunAsync("bash", [Path.Combine(ToolsDirectory, "kube-down.sh"), WorkDirectory], null, null, s_stopTimeout);
            }
            catch (TimeoutException)
            {
                // The processes are killed by pid below.
            }
        }

        foreach (var pid in _pids)
        {
            KillIfAlive(pid);
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; the next run uses a new name.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    private void RememberPids()
    {
        foreach (var name in new[] { "apiserver", "etcd" })
        {
            var file = Path.Combine(WorkDirectory, "run", name + ".pid");
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) && !_pids.Contains(pid))
            {
                _pids.Add(pid);
            }
        }
    }

    private static void KillIfAlive(int pid)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return;
        }

        using (process)
        {
            try
            {
                // kube-down.sh sent SIGTERM: give it time, then kill only our own etcd/kube-apiserver (never a reused pid).
                if (process.WaitForExit(TimeSpan.FromSeconds(10)) || process.ProcessName is not ("etcd" or "kube-apiserver"))
                {
                    return;
                }

                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    private static string LocateTools()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ToolsVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var full = Path.GetFullPath(fromEnvironment);
            return File.Exists(Path.Combine(full, "kube-up.sh"))
                ? full
                : throw new DirectoryNotFoundException($"{ToolsVariable} is '{fromEnvironment}', which has no kube-up.sh.");
        }

        var searched = new List<string>();
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "tools", "kube-apiserver");
            searched.Add(candidate);
            if (File.Exists(Path.Combine(candidate, "kube-up.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "The kube-apiserver tools (build.sh, kube-up.sh, kube-down.sh) were not found in a folder 'shared/tools/kube-apiserver' " +
            $"next to the repository; set {ToolsVariable} to their folder. Searched: {string.Join(", ", searched)}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> args, string? standardInput, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var result = await BoundedProcess.RunAsync(start, timeout, standardInput);
        return (result.ExitCode, result.Output, result.Error);
    }
}

/// <summary>What one kubectl run returned.</summary>
/// <param name="ExitCode">The exit code (0 on success).</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error (kubectl prints API errors here).</param>
/// <param name="Command">The command line, without the kubeconfig (for messages).</param>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr, string Command)
{
    /// <summary>Throws with the command and its output unless it succeeded.</summary>
    public KubectlResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"'{Command}' failed with exit code {ExitCode}:\n{Stdout}\n{Stderr}");

    /// <inheritdoc />
    public override string ToString() => $"'{Command}' exited {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
