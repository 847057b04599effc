using System.Security.Cryptography;
using System.Text;
using Signet.Keys;
using Signet.Policy.Model;

namespace Signet.Policy;

/// <summary>
/// A fingerprint of the state of every vault key a policy trusts (versions and whether each is enabled), folded into
/// the policy generation so that disabling or rotating a key version invalidates cached verdicts and verifiers: an
/// image signed by a version disabled a second ago must not be admitted from the cache.
/// </summary>
/// <remarks>Refreshed at most every <see cref="RefreshInterval"/>, so the admission hot path does not read the key store per request.</remarks>
public sealed class KeyStateFingerprint : IDisposable
{
    /// <summary>How long a computed fingerprint is reused (a version disabled takes effect within this time).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly KeyVault _vault;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string PolicyGeneration, string Fingerprint, DateTimeOffset At)? _last;

    /// <summary>Creates the fingerprint source.</summary>
    public KeyStateFingerprint(KeyVault vault, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _vault = vault;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>The policy with its generation combined with the current key state (unchanged when it trusts no vault key).</summary>
    public async Task<ImageVerificationPolicy> ApplyAsync(ImageVerificationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var keyIds = policy.Rules.SelectMany(r => r.Trust.VaultKeys).Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (keyIds.Count == 0)
        {
            return policy;
        }

        var now = _timeProvider.GetUtcNow();
        if (_last is { } last && last.PolicyGeneration == policy.Generation && now - last.At < RefreshInterval)
        {
            return policy with { Generation = Loading.PolicyGeneration.Combine(policy.Generation, last.Fingerprint) };
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = new StringBuilder();
            foreach (var keyId in keyIds)
            {
                state.Append(keyId).Append('|');
                try
                {
                    var key = await _vault.GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
                    foreach (var version in key.Versions)
                    {
                        state.Append(version.Id).Append('=').Append(version.State).Append(',');
                    }
                }
                catch (KeyProviderException ex)
                {
                    // An unknown or unreadable key verifies nothing; its state is part of the fingerprint all the same.
                    state.Append("error:").Append(ex.Code);
                }

                state.Append(';');
            }

            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state.ToString())));
            _last = (policy.Generation, fingerprint, now);
            return policy with { Generation = Loading.PolicyGeneration.Combine(policy.Generation, fingerprint) };
        }
        finally
        {
            _gate.Release();
        }
    }
}
