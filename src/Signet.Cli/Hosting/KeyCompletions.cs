using System.CommandLine;
using System.CommandLine.Completions;
using Microsoft.Extensions.DependencyInjection;
using Signet.Keys;

namespace Signet.Cli.Hosting;

/// <summary>
/// Shell completion of key names and key versions, read from the vault of the invocation being completed (its
/// SIGNET_HOME). Listing needs no passphrase; anything that goes wrong yields no candidates, never output.
/// </summary>
internal static class KeyCompletions
{
    // A completion runs while a person waits at the prompt; a slow or locked store must not freeze their shell.
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(2);

    /// <summary>Completes <paramref name="option"/> with key names.</summary>
    public static Option<T> CompletesKeyNames<T>(this Option<T> option)
    {
        option.CompletionSources.Add(KeyNames);
        return option;
    }

    /// <summary>Completes <paramref name="argument"/> with key names.</summary>
    public static Argument<T> CompletesKeyNames<T>(this Argument<T> argument)
    {
        argument.CompletionSources.Add(KeyNames);
        return argument;
    }

    /// <summary>Completes <paramref name="option"/> with the versions of the key <paramref name="keyOf"/> reads from the command line so far.</summary>
    public static Option<string> CompletesVersionsOf(this Option<string> option, Func<ParseResult, string?> keyOf)
    {
        option.CompletionSources.Add(completion => keyOf(completion.ParseResult) is { Length: > 0 } key
            ? Query(completion, async (vault, token) => (await vault.GetKeyAsync(key, token).ConfigureAwait(false)).Versions.Select(v => v.Id))
            : []);
        return option;
    }

    private static IEnumerable<CompletionItem> KeyNames(CompletionContext completion) =>
        Query(completion, async (vault, token) => (await vault.ListKeysAsync(token).ConfigureAwait(false)).Select(NameOf));

    // Embedded keys are typed by their bare name; other providers' keys by their id (a pkcs11: URI).
    private static string NameOf(KeyInfo key) =>
        key.Id.StartsWith("signet:", StringComparison.Ordinal) ? key.Name : key.Id;

    private static List<CompletionItem> Query(CompletionContext completion, Func<KeyVault, CancellationToken, Task<IEnumerable<string>>> query)
    {
        if (completion.ParseResult.RootCommandResult.Command is not SignetRootCommand root)
        {
            return [];
        }

        try
        {
            using var timeout = new CancellationTokenSource(s_budget);
            var services = CliServices.Build(root.Context);
            try
            {
                // System.CommandLine's completion sources are synchronous; this runs once in a short-lived
                // 'signet __complete' process with no synchronization context, so waiting here cannot deadlock.
                var names = query(services.GetRequiredService<KeyVault>(), timeout.Token).GetAwaiter().GetResult();
                return names
                    .Where(n => n.StartsWith(completion.WordToComplete, StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .Select(n => new CompletionItem(n))
                    .ToList();
            }
            finally
            {
                services.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing may be printed into the user's command line; offering no key is the honest answer.
            return [];
        }
    }
}
