using Signet.Policy.Loading;

namespace Signet.Cli.Hosting;

/// <summary>Loads a policy file into the application layer's <see cref="PolicyStore"/>, or fails naming every error.</summary>
internal static class PolicyFiles
{
    public const string InvalidPolicy = "POLICY_INVALID";

    public static async Task<PolicyLoadResult> LoadAsync(PolicyStore store, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliException(CliErrorCode.FileUnreadable, $"Policy file '{path}' does not exist.", "Check the --policy path.");
        }

        var result = await store.ReloadAsync(path, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw new CliException(
                InvalidPolicy,
                $"Policy '{path}' has {result.Errors.Count} error(s): {string.Join("; ", result.Errors)}",
                $"Fix them and check with 'signet policy validate {path}'.");
        }

        return result;
    }
}
