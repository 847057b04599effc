using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Webhook.Hosting;

/// <summary>
/// Creates a self-signed CA and a serving certificate for the webhook when the operator gives none, so that
/// <c>signet serve</c> and a first install work out of the box; <c>ca.crt</c> is the <c>caBundle</c> to put in the
/// webhook configurations.
/// </summary>
public static class WebhookCertificates
{
    /// <summary>File name of the CA bundle (PEM).</summary>
    public const string CaBundleFileName = "ca.crt";

    /// <summary>File name of the serving certificate (PEM, leaf then CA).</summary>
    public const string CertificateFileName = "tls.crt";

    /// <summary>File name of the serving key (PKCS#8 PEM, mode 0600).</summary>
    public const string KeyFileName = "tls.key";

    /// <summary>
    /// Returns the certificate and key paths under <paramref name="directory"/>, creating a CA and a serving
    /// certificate valid for <paramref name="dnsNames"/>, 127.0.0.1 and ::1 when they do not exist yet.
    /// </summary>
    public static (string CertificateFile, string KeyFile, string CaBundleFile) EnsureSelfSigned(string directory, IEnumerable<string> dnsNames, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var certificateFile = Path.Combine(directory, CertificateFileName);
        var keyFile = Path.Combine(directory, KeyFileName);
        var caFile = Path.Combine(directory, CaBundleFileName);
        if (File.Exists(certificateFile) && File.Exists(keyFile) && File.Exists(caFile))
        {
            return (certificateFile, keyFile, caFile);
        }

        Directory.CreateDirectory(directory);
        var now = timeProvider.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Signet webhook CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = dnsNames.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var leafRequest = new CertificateRequest($"CN={(names.Count > 0 ? names[0] : "localhost")}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var leaf = leafRequest.Create(ca, now.AddMinutes(-5), now.AddYears(1), serial);

        // The key is written first with owner-only permissions, so it is never readable by others even briefly.
        WriteSecret(keyFile, leafKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificateFile, leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");
        return (certificateFile, keyFile, caFile);
    }

    private static void WriteSecret(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, content);
            return;
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
