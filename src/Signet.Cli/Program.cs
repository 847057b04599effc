using Signet.Cli.Hosting;

namespace Signet.Cli;

/// <summary>The entry point: composition only; the command tree lives in <see cref="SignetCommandLine"/>, behaviour in the libraries.</summary>
internal static class Program
{
    // Not top-level statements: a global 'Program' would clash with the webhook's in projects that reference both.
    private static async Task<int> Main(string[] args) =>
        await SignetCommandLine.InvokeAsync(ProcessContext.Create(), args).ConfigureAwait(false);
}
