using Signet.Keys;
using Signet.Policy.Model;

namespace Signet.Policy.Loading;

/// <summary>
/// Checks that every vault key (and pinned version) a policy trusts exists in the key vault, so that a mistyped key
/// id is refused at load rather than denying every image later. The vault is reached through
/// <see cref="IKeyProvider"/>; the policy itself does no I/O.
/// </summary>
public static class PolicyKeyCheck
{
    /// <summary>Returns one error per unknown key or version (with the location where the policy names it).</summary>
    public static async Task<IReadOnlyList<PolicyError>> CheckAsync(ImageVerificationPolicy policy, IKeyProvider keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(keys);
        var errors = new List<PolicyError>();
        var known = new Dictionary<string, KeyInfo?>(StringComparer.Ordinal);
        foreach (var rule in policy.Rules)
        {
            for (var i = 0; i < rule.Trust.VaultKeys.Count; i++)
            {
                var trusted = rule.Trust.VaultKeys[i];
                var field = $"spec.rules[{rule.Index}].trust.vaultKeys[{i}]";
                var location = trusted.Location;
                if (!keys.CanHandle(trusted.KeyId))
                {
                    // Keys of another provider (an OCI KMS OCID) are checked by the verifier that owns them.
                    continue;
                }

                if (!known.TryGetValue(trusted.KeyId, out var info))
                {
                    try
                    {
                        info = await keys.GetKeyAsync(trusted.KeyId, cancellationToken).ConfigureAwait(false);
                    }
                    catch (KeyProviderException ex) when (!ex.IsTransient)
                    {
                        info = null;
                    }

                    known[trusted.KeyId] = info;
                }

                if (info is null)
                {
                    errors.Add(new PolicyError(location?.File ?? policy.Source ?? string.Empty, location?.Line ?? 0, location?.Column ?? 0, field,
                        $"unknown key '{trusted.KeyId}': the {keys.Name} key vault has no such key (list keys with 'signet key list')."));
                    continue;
                }

                foreach (var version in trusted.Versions)
                {
                    if (!info.Versions.Any(v => string.Equals(v.Id, version, StringComparison.Ordinal)))
                    {
                        errors.Add(new PolicyError(location?.File ?? policy.Source ?? string.Empty, location?.Line ?? 0, location?.Column ?? 0, field + ".versions",
                            $"key '{trusted.KeyId}' has no version '{version}'; its versions are {string.Join(", ", info.Versions.Select(v => v.Id))}."));
                    }
                }
            }
        }

        return errors;
    }
}
