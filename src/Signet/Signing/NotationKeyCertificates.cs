using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;
using Signet.Keys;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Trust;

namespace Signet.Signing;

/// <summary>
/// Certificates for signing Notary Project signatures with vault keys. Notation signatures carry an X.509 chain, but a
/// vault key is a bare key pair; when the user brings no chain, Signet issues one per key version: a CA whose private
/// key is discarded after issuing, and a code-signing leaf over the vault key's public key. The CA certificates form a
/// Notary Project trust store under <c>$SIGNET_HOME/notation</c> (<c>x509/ca/&lt;key&gt;/&lt;version&gt;.pem</c>), so
/// <c>notation verify</c> and Signet's own verifier can trust exactly the keys the user names.
/// </summary>
public sealed class NotationKeyCertificates
{
    private static readonly TimeSpan s_validity = TimeSpan.FromDays(3650);
    private readonly string _root;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the certificate store under <see cref="SignetOptions.Home"/>.</summary>
    public NotationKeyCertificates(IOptions<SignetOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _root = Path.Combine(options.Value.Home, "notation");
        _timeProvider = timeProvider;
    }

    /// <summary>The trust store root (<c>x509/ca/...</c> below it).</summary>
    public string TrustStoreRoot => _root;

    /// <summary>The chain (leaf first) for a key version, issuing it on first use.</summary>
    public async Task<X509Certificate2Collection> GetOrCreateChainAsync(IKeyProvider keys, string keyId, string versionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var store = StoreName(keyId);
        var leafPath = Path.Combine(_root, "signing", store, versionId + ".pem");
        var caPath = Path.Combine(_root, "x509", "ca", store, versionId + ".pem");
        if (File.Exists(leafPath) && File.Exists(caPath))
        {
            return [X509CertificateLoader.LoadCertificateFromFile(leafPath), X509CertificateLoader.LoadCertificateFromFile(caPath)];
        }

        var subject = $"CN={NotationCertificates.DistinguishedNameValue(keyId)} {NotationCertificates.DistinguishedNameValue(versionId)}, O=Signet, ST=Local, C=US";
        var set = await NotationCertificates.CreateForKeyAsync(keys, keyId, subject, _timeProvider, s_validity, versionId, cancellationToken).ConfigureAwait(false);
        NotationCertificates.WriteToTrustStore(_root, TrustStoreType.Ca, store, versionId + ".pem", set.Ca);
        Directory.CreateDirectory(Path.GetDirectoryName(leafPath)!);
        var temp = leafPath + ".tmp";
        await File.WriteAllTextAsync(temp, set.Leaf.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, leafPath, overwrite: true);
        return set.Chain;
    }

    /// <summary>
    /// A trust policy (all registries, strict, any identity) over the CA certificates of the <em>enabled</em> versions of
    /// <paramref name="keys"/>, or null when none of them has issued a Notary Project certificate: a disabled version's
    /// Notary Project signatures stop verifying (the store of a key without enabled certificates is empty, so its
    /// signatures fail as not trusted), as its vault and cosign signatures do.
    /// </summary>
    public (TrustPolicyDocument Policy, NotationTrustStore Store)? TrustFor(IEnumerable<KeyInfo> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var stores = new Dictionary<string, List<X509Certificate2>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var store = StoreName(key.Id);
            var directory = Path.Combine(_root, "x509", "ca", store);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var certificates = stores.TryGetValue(store, out var list) ? list : stores[store] = [];
            foreach (var version in key.Versions.Where(v => v.State == KeyVersionState.Enabled))
            {
                var path = Path.Combine(directory, version.Id + ".pem");
                if (File.Exists(path))
                {
                    certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                }
            }
        }

        if (stores.Count == 0)
        {
            return null;
        }

        var trustStore = NotationTrustStore.FromCertificates(stores.Select(s =>
            new KeyValuePair<(TrustStoreType Type, string Name), IReadOnlyList<X509Certificate2>>((TrustStoreType.Ca, s.Key), s.Value)));
        return (Policy(stores.Keys), trustStore);
    }

    /// <summary>
    /// The leaf certificates Signet issued for the <em>disabled</em> versions of <paramref name="keys"/>, by SHA-256
    /// thumbprint (lower-case hex, as verification results report it), so a failure can name the version.
    /// </summary>
    public IReadOnlyDictionary<string, (string KeyId, string VersionId)> DisabledLeaves(IEnumerable<KeyInfo> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var leaves = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            foreach (var version in key.Versions.Where(v => v.State != KeyVersionState.Enabled))
            {
                var path = Path.Combine(_root, "signing", StoreName(key.Id), version.Id + ".pem");
                if (File.Exists(path))
                {
                    using var leaf = X509CertificateLoader.LoadCertificateFromFile(path);
                    leaves[Convert.ToHexStringLower(leaf.GetCertHash(HashAlgorithmName.SHA256))] = (key.Id, version.Id);
                }
            }
        }

        return leaves;
    }

    private static TrustPolicyDocument Policy(IEnumerable<string> stores)
    {
        var json = new StringBuilder("{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":\"signet-trusted-keys\",\"registryScopes\":[\"*\"],")
            .Append("\"signatureVerification\":{\"level\":\"strict\"},\"trustStores\":[")
            .AppendJoin(',', stores.Select(s => $"\"ca:{s}\""))
            .Append("],\"trustedIdentities\":[\"*\"]}]}")
            .ToString();
        return TrustPolicyDocument.Parse(json);
    }

    /// <summary>A trust-store name for a key id (Notary Project store names are <c>[a-zA-Z0-9_.-]+</c>).</summary>
    public static string StoreName(string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var builder = new StringBuilder(keyId.Length);
        foreach (var c in keyId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }

        return builder.ToString();
    }
}
