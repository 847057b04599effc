using System.Diagnostics;

namespace Signet.Testing.Keys;

/// <summary>Runs the real <c>openssl</c> command (Debian package <c>openssl</c>) with a bounded wait.</summary>
public static class OpenSsl
{
    /// <summary>The outcome of one command.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="Output">Standard output and standard error.</param>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>openssl</c> with the arguments; throws naming the package when openssl is missing.</summary>
    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Find()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return new Result(process.ExitCode, await output + await error);
    }

    /// <summary>Runs <c>openssl</c> and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
    }

    private static string Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "openssl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("openssl is not installed; install the Debian package openssl (apt-get install openssl).");
    }
}
