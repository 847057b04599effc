using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Signet.Signatures.Notation.Envelopes;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// Named sets of trusted certificates in the Notary Project layout <c>x509/{ca,signingAuthority,tsa}/&lt;name&gt;/</c>
/// (PEM or DER files, several certificates per file allowed), loaded once per store and then cached.
/// </summary>
/// <remarks>
/// Rules of notation-go <c>verifier/truststore/truststore.go</c>: store names match <c>[a-zA-Z0-9_.-]+</c>; symlinked
/// stores or files, sub-directories and files that are not certificates are errors; every certificate must be a CA or
/// self-signed; <c>tsa</c> certificates must be self-signed root CAs; an empty store is an error.
/// https://github.com/notaryproject/specifications/blob/main/specs/trust-store-trust-policy.md#trust-store
/// </remarks>
public sealed partial class NotationTrustStore
{
    /// <summary>The most files a store may hold.</summary>
    public const int MaxFilesPerStore = 256;

    /// <summary>The largest certificate file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private readonly string? _root;
    private readonly ConcurrentDictionary<(TrustStoreType, string), Lazy<(IReadOnlyList<X509Certificate2>? Certificates, string? Error)>> _stores = new();

    /// <summary>A trust store read from <paramref name="root"/> (the folder that contains <c>x509/</c>).</summary>
    public NotationTrustStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
    }

    private NotationTrustStore(IEnumerable<KeyValuePair<(TrustStoreType Type, string Name), IReadOnlyList<X509Certificate2>>> stores)
    {
        foreach (var ((type, name), certificates) in stores)
        {
            var error = ValidateCertificates(type, certificates.Select(c => ($"{type.ToName()}:{name}", c)));
            _stores[(type, name)] = new(() => (error is null ? certificates : null, error));
        }
    }

    /// <summary>An in-memory trust store (tests, embedded configuration); certificates are checked as if read from files.</summary>
    public static NotationTrustStore FromCertificates(IEnumerable<KeyValuePair<(TrustStoreType Type, string Name), IReadOnlyList<X509Certificate2>>> stores) => new(stores);

    /// <summary>Gets the certificates of a named store, or false with a message saying why the store cannot be used.</summary>
    public bool TryGetCertificates(TrustStoreType type, string name, [NotNullWhen(true)] out IReadOnlyList<X509Certificate2>? certificates, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!StoreName().IsMatch(name))
        {
            certificates = null;
            error = $"the trust store name '{name}' is not valid; names match [a-zA-Z0-9_.-]+";
            return false;
        }

        var lazy = _root is null
            ? _stores.GetValueOrDefault((type, name))
            : _stores.GetOrAdd((type, name), key => new(() => Load(key.Item1, key.Item2)));
        var (loaded, loadError) = lazy?.Value ?? (null, $"the trust store '{name}' of type '{type.ToName()}' does not exist");
        certificates = loaded;
        error = loadError ?? (loaded is null ? "the trust store could not be loaded" : null);
        return loaded is not null;
    }

    private (IReadOnlyList<X509Certificate2>?, string?) Load(TrustStoreType type, string name)
    {
        var directory = new DirectoryInfo(Path.Combine(_root!, "x509", type.ToName(), name));
        if (!directory.Exists)
        {
            return (null, $"the trust store '{name}' of type '{type.ToName()}' does not exist (looked for {directory.FullName})");
        }

        if (directory.LinkTarget is not null)
        {
            return (null, $"the trust store '{directory.FullName}' is a symbolic link, which is not allowed");
        }

        var certificates = new List<(string File, X509Certificate2 Certificate)>();
        var entries = directory.GetFileSystemInfos();
        if (entries.Length > MaxFilesPerStore)
        {
            return (null, $"the trust store '{directory.FullName}' has {entries.Length} entries; the limit is {MaxFilesPerStore}");
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is not null)
            {
                return (null, $"the file '{entry.FullName}' is a symbolic link, which is not allowed in a trust store");
            }

            if (entry is DirectoryInfo)
            {
                return (null, $"the trust store '{directory.FullName}' contains the sub-directory '{entry.Name}'; a trust store holds certificate files only");
            }

            var file = (FileInfo)entry;
            if (file.Length > MaxFileBytes)
            {
                return (null, $"the file '{file.FullName}' is {file.Length} bytes; the limit is {MaxFileBytes}");
            }

            if (!CertificateParsing.TryLoadFile(File.ReadAllBytes(file.FullName), out var loaded, out var error))
            {
                return (null, $"the file '{file.FullName}' is not a certificate file: {error}");
            }

            certificates.AddRange(loaded.Select(c => (file.FullName, c)));
        }

        if (certificates.Count == 0)
        {
            return (null, $"the trust store '{directory.FullName}' has no x509 certificates");
        }

        var validation = ValidateCertificates(type, certificates);
        return validation is null ? (certificates.Select(c => c.Certificate).ToList(), null) : (null, validation);
    }

    private static string? ValidateCertificates(TrustStoreType type, IEnumerable<(string Source, X509Certificate2 Certificate)> certificates)
    {
        var any = false;
        foreach (var (source, certificate) in certificates)
        {
            any = true;
            var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
            var selfSigned = CertificateChainValidator.IsSelfIssued(certificate) && CertificateSignature.IsSignedBy(certificate, certificate, out _);
            if (type == TrustStoreType.Tsa && !(isCa && selfSigned))
            {
                return $"the certificate '{certificate.Subject}' in '{source}' is not a root certificate authority; tsa trust stores hold self-signed root CA certificates only";
            }

            if (!isCa && !selfSigned)
            {
                return $"the certificate '{certificate.Subject}' in '{source}' is not a CA certificate or self-signed signing certificate";
            }
        }

        return any ? null : "the trust store has no x509 certificates";
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex StoreName();
}
