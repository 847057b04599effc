using System.Diagnostics;

namespace Signet.Testing;

/// <summary>Runs a real program (openssl, the signet binary, a shell) to completion with a bounded wait; never hangs a test run.</summary>
public static class BoundedProcess
{
    /// <summary>The outcome of one run.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="Output">Standard output.</param>
    /// <param name="Error">Standard error.</param>
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>
    /// Starts <paramref name="start"/> with its streams redirected, writes <paramref name="standardInput"/> (then closes
    /// it), and waits at most <paramref name="timeout"/>; past it the process tree is killed and a TimeoutException names the command.
    /// </summary>
    public static async Task<Result> RunAsync(ProcessStartInfo start, TimeSpan timeout, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        using var deadline = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The path of <paramref name="name"/> on PATH; throws naming the Debian <paramref name="package"/> when it is missing.</summary>
    public static string FindExecutable(string name, string package)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} is not installed; install the Debian package {package} (eng/install-deps.sh does).");
    }
}
