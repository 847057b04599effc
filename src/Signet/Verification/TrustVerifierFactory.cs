using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Keys;
using Signet.Policy.Model;
using Signet.Signatures;
using Signet.Signatures.Cosign;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Trust;
using Signet.Signatures.Vault;

namespace Signet.Verification;

/// <summary>
/// Builds the signature verifiers for a policy rule's trust material (vault keys, cosign public keys, a Notary Project
/// trust policy and stores) once per rule and policy generation, so the hot admission path never re-parses keys,
/// certificates or trust policies.
/// </summary>
public sealed class TrustVerifierFactory
{
    private readonly ConcurrentDictionary<(string Generation, string Rule), IReadOnlyList<ISignatureVerifier>> _cache = new();
    private readonly KeyVault _vault;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private string? _generation;

    /// <summary>Creates the factory.</summary>
    public TrustVerifierFactory(KeyVault vault, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _vault = vault;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The verifiers for <paramref name="rule"/> under policy <paramref name="generation"/>.</summary>
    public IReadOnlyList<ISignatureVerifier> ForRule(PolicyRule rule, string generation)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentException.ThrowIfNullOrEmpty(generation);
        if (!string.Equals(Volatile.Read(ref _generation), generation, StringComparison.Ordinal))
        {
            // A new policy generation makes every cached verifier stale; only one generation is live at a time.
            _cache.Clear();
            Volatile.Write(ref _generation, generation);
        }

        return _cache.GetOrAdd((generation, rule.Name), _ => Build(rule.Trust));
    }

    /// <summary>Builds verifiers for explicit trust (the CLI's <c>--trusted-key</c>): vault key ids and PEM public keys.</summary>
    public async Task<IReadOnlyList<ISignatureVerifier>> ForTrustedKeysAsync(
        IReadOnlyList<string> vaultKeyIds,
        IReadOnlyList<(string Name, string Pem)> publicKeys,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vaultKeyIds);
        ArgumentNullException.ThrowIfNull(publicKeys);
        var verifiers = new List<ISignatureVerifier>();
        var cosignKeys = new List<CosignTrustedKey>();
        var disabledCosignKeys = new List<CosignTrustedKey>();
        foreach (var (name, pem) in publicKeys)
        {
            cosignKeys.Add(new CosignTrustedKey(VerificationKey.FromPem(pem), name));
        }

        if (vaultKeyIds.Count > 0)
        {
            var trusted = new List<TrustedVaultKey>();
            foreach (var keyId in vaultKeyIds)
            {
                var key = await _vault.GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
                trusted.Add(new TrustedVaultKey(key.Id));

                // cosign signatures made with a vault key carry no key id; verify them with each enabled version's public
                // key, and keep the disabled versions' keys only to explain a failure.
                foreach (var version in key.Versions)
                {
                    var enabled = version.State == KeyVersionState.Enabled;
                    PublicKeyInfo publicKey;
                    try
                    {
                        publicKey = await _vault.GetPublicKeyAsync(key.Id, version.Id, cancellationToken).ConfigureAwait(false);
                    }
                    catch (KeyProviderException) when (!enabled)
                    {
                        // A version past deletion has no public key left: its signatures fail unexplained, still failed.
                        continue;
                    }

                    (enabled ? cosignKeys : disabledCosignKeys)
                        .Add(new CosignTrustedKey(VerificationKey.FromSubjectPublicKeyInfo(publicKey.SubjectPublicKeyInfo), key.Id, version.Id));
                }
            }

            verifiers.Add(new VaultSignatureVerifier(trusted.DistinctBy(k => k.KeyId), _vault, timeProvider: _timeProvider, logger: _loggerFactory.CreateLogger<VaultSignatureVerifier>()));
        }

        if (cosignKeys.Count > 0)
        {
            verifiers.Add(DisabledVersionExplainer.ForCosign(
                new CosignSignatureVerifier(cosignKeys, logger: _loggerFactory.CreateLogger<CosignSignatureVerifier>()),
                disabledCosignKeys.Count == 0 ? null : new CosignSignatureVerifier(disabledCosignKeys, logger: _loggerFactory.CreateLogger<CosignSignatureVerifier>())));
        }

        return verifiers;
    }

    /// <summary>
    /// The Notary Project verifier for signatures made with vault keys through the certificates Signet issues
    /// (<see cref="Signing.NotationKeyCertificates"/>): only enabled versions are trusted, and a disabled version's signature
    /// fails as <c>KEY_VERSION_DISABLED</c>. Null when none of <paramref name="keys"/> has issued a certificate.
    /// </summary>
    public ISignatureVerifier? ForVaultKeyCertificates(IReadOnlyList<KeyInfo> keys, Signing.NotationKeyCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(certificates);
        return keys.Count > 0 && certificates.TrustFor(keys) is { } notation
            ? DisabledVersionExplainer.ForNotation(ForNotation(notation.Policy, notation.Store), certificates.DisabledLeaves(keys))
            : null;
    }

    /// <summary>Builds a Notary Project verifier from a trust policy document and a trust store directory.</summary>
    public ISignatureVerifier ForNotation(TrustPolicyDocument policy, NotationTrustStore trustStore) =>
        new NotationVerifier(policy, trustStore, timeProvider: _timeProvider, logger: _loggerFactory.CreateLogger<NotationVerifier>());

    private List<ISignatureVerifier> Build(RuleTrust trust)
    {
        var verifiers = new List<ISignatureVerifier>();
        if (trust.VaultKeys.Count > 0)
        {
            verifiers.Add(new VaultSignatureVerifier(
                trust.VaultKeys.Select(k => new TrustedVaultKey(k.KeyId, k.Versions.Count == 0 ? null : k.Versions)),
                _vault,
                timeProvider: _timeProvider,
                logger: _loggerFactory.CreateLogger<VaultSignatureVerifier>()));
        }

        if (trust.Cosign is { Keys.Count: > 0 } cosign)
        {
            verifiers.Add(new CosignSignatureVerifier(
                cosign.Keys.Select(k => new CosignTrustedKey(VerificationKey.FromPem(k.Pem), k.KeyId)),
                logger: _loggerFactory.CreateLogger<CosignSignatureVerifier>()));
        }

        if (trust.Notation is { } notation)
        {
            var stores = notation.TrustStores.Select(pair =>
            {
                var colon = pair.Key.IndexOf(':', StringComparison.Ordinal);
                var type = ParseStoreType(pair.Key[..colon]);
                IReadOnlyList<X509Certificate2> certificates = [.. pair.Value.Select(der => X509CertificateLoader.LoadCertificate(der))];
                return new KeyValuePair<(TrustStoreType Type, string Name), IReadOnlyList<X509Certificate2>>((type, pair.Key[(colon + 1)..]), certificates);
            });
            verifiers.Add(ForNotation(notation.Document, NotationTrustStore.FromCertificates(stores)));
        }

        return verifiers;
    }

    private static TrustStoreType ParseStoreType(string type) => type switch
    {
        "ca" => TrustStoreType.Ca,
        "signingAuthority" => TrustStoreType.SigningAuthority,
        "tsa" => TrustStoreType.Tsa,
        _ => throw new ArgumentException($"Unknown trust store type '{type}'; use ca, signingAuthority or tsa."),
    };
}
