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
        var start = new ProcessStartInfo(BoundedProcess.FindExecutable("openssl", "openssl"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var result = await BoundedProcess.RunAsync(start, TimeSpan.FromSeconds(60));
        return new Result(result.ExitCode, result.Output + result.Error);
    }

    /// <summary>Runs <c>openssl</c> and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
    }
}
