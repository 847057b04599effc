using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Keys;
using Signet.Signatures.Notation.Trust;

namespace Signet.Signatures.Notation;

/// <summary>A test or quick-start PKI for one vault key: a self-signed CA and a code-signing leaf over the key.</summary>
/// <param name="Ca">The CA certificate, with its (in-memory) private key.</param>
/// <param name="Leaf">The code-signing certificate for the vault key (public only).</param>
public sealed record NotationCertificateSet(X509Certificate2 Ca, X509Certificate2 Leaf)
{
    /// <summary>The signing chain, leaf first.</summary>
    public X509Certificate2Collection Chain => [Leaf, X509CertificateLoader.LoadCertificate(Ca.RawData)];
}

/// <summary>
/// Creates certificates that meet the Notary Project certificate requirements for a key in the vault, and writes
/// CA certificates into a trust store directory.
/// </summary>
public static class NotationCertificates
{
    /// <summary>
    /// Creates a self-signed CA (ECDSA P-384, key kept in memory only) and a code-signing leaf certificate over the
    /// vault key's public key, signed by that CA. <paramref name="subject"/> must contain C, ST and O so that trust
    /// policies can name it (e.g. <c>CN=builder, O=Example, ST=WA, C=US</c>).
    /// </summary>
    public static async Task<NotationCertificateSet> CreateForKeyAsync(
        IKeyProvider keys,
        string keyId,
        string subject,
        TimeProvider timeProvider,
        TimeSpan validity,
        string? keyVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var publicKeyInfo = await keys.GetPublicKeyAsync(keyId, keyVersion, cancellationToken).ConfigureAwait(false);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(publicKeyInfo.SubjectPublicKeyInfo, out _);
        var notBefore = timeProvider.GetUtcNow().AddMinutes(-5);
        var notAfter = notBefore + validity;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var subjectName = new X500DistinguishedName(subject);
        var caName = new X500DistinguishedName($"CN=Signet CA for {DistinguishedNameValue(keyId)}, O=Signet, ST=None, C=US");
        var caRequest = new CertificateRequest(caName, caKey, HashAlgorithmName.SHA384);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        var leafRequest = new CertificateRequest(subjectName, publicKey, HashAlgorithmName.SHA384);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var leaf = leafRequest.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), notBefore, notAfter, serial);
        return new NotationCertificateSet(ca, leaf);
    }

    /// <summary>
    /// A key id made safe as an RDN value: key ids are URIs (<c>pkcs11:token=a;object=b</c>) whose ';', '=' and ','
    /// are DN syntax, so anything but letters, digits and <c>space . _ : / @ -</c> becomes '_' (at most 48 characters).
    /// </summary>
    public static string DistinguishedNameValue(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var chars = keyId.Select(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or ':' or '/' or '@' or '-' ? c : '_').Take(48).ToArray();
        return new string(chars).Trim();
    }

    /// <summary>
    /// Writes a certificate (PEM) into <c>&lt;root&gt;/x509/&lt;type&gt;/&lt;store&gt;/&lt;fileName&gt;</c>, creating the store.
    /// </summary>
    public static string WriteToTrustStore(string root, TrustStoreType type, string store, string fileName, X509Certificate2 certificate)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(store);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(certificate);
        if (store.Contains('/', StringComparison.Ordinal) || store.Contains('\\', StringComparison.Ordinal) || fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("Store and file names may not contain path separators.", nameof(store));
        }

        var directory = Path.Combine(root, "x509", type.ToName(), store);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
        return path;
    }
}
