using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Signet.Webhook.Hosting;

/// <summary>
/// Holds the serving certificate loaded from PEM files and swaps it when the files change (cert-manager rotation, a
/// Secret update), so the webhook never needs a restart for a new certificate. A bad new pair is reported and the
/// current one kept.
/// </summary>
/// <remarks>
/// Files are polled rather than watched: Secret volumes change by swapping a <c>..data</c> symlink, which file system
/// watchers do not report reliably. Each poll reads two small files and compares their SHA-256.
/// </remarks>
internal sealed partial class CertificateReloader : IDisposable
{
    private readonly ILogger<CertificateReloader> _logger;
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly ITimer _timer;
    private readonly Lock _reloadLock = new();
    private byte[] _fingerprint = [];
    private SslServerAuthenticationOptions _serverOptions;

    public CertificateReloader(IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<CertificateReloader> logger)
    {
        _logger = logger;
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.TlsCertificateFile))
        {
            var generated = WebhookCertificates.EnsureSelfSigned(value.SelfSignedCertificateDirectory, value.SelfSignedDnsNames, timeProvider);
            Log.SelfSigned(_logger, generated.CertificateFile, generated.CaBundleFile);
            _certificateFile = generated.CertificateFile;
            _keyFile = generated.KeyFile;
        }
        else
        {
            _certificateFile = value.TlsCertificateFile;
            _keyFile = value.TlsKeyFile!;
        }

        // The first load must succeed: a webhook without a certificate cannot serve anything.
        _serverOptions = Load(out _fingerprint, out var subject, out var notAfter);
        Log.Loaded(_logger, _certificateFile, subject, notAfter);
        _timer = timeProvider.CreateTimer(_ => Poll(), null, value.CertificateReloadInterval, value.CertificateReloadInterval);
    }

    /// <summary>The TLS options for the next handshake (TLS 1.2 or 1.3, the current certificate and its chain).</summary>
    public SslServerAuthenticationOptions ServerOptions => Volatile.Read(ref _serverOptions);

    /// <summary>Number of successful reloads since start (for tests and diagnostics).</summary>
    public int ReloadCount { get; private set; }

    /// <summary>Checks the files now and swaps the certificate when they changed; returns true when it swapped.</summary>
    public bool Poll()
    {
        lock (_reloadLock)
        {
            try
            {
                var fingerprint = Fingerprint();
                if (fingerprint.AsSpan().SequenceEqual(_fingerprint))
                {
                    return false;
                }

                var next = Load(out var loadedFingerprint, out var subject, out var notAfter);
                Volatile.Write(ref _serverOptions, next);
                _fingerprint = loadedFingerprint;
                ReloadCount++;
                Log.Reloaded(_logger, _certificateFile, subject, notAfter);
                return true;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A half-written rotation or a key that does not match: keep serving with the current pair.
                Log.ReloadFailed(_logger, _certificateFile, _keyFile, ex.Message);
                return false;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private SslServerAuthenticationOptions Load(out byte[] fingerprint, out string subject, out DateTimeOffset notAfter)
    {
        fingerprint = Fingerprint();
        using var pemLeaf = X509Certificate2.CreateFromPemFile(_certificateFile, _keyFile);

        // Re-import through PKCS#12 so the private key is usable by SslStream on every platform.
        var leaf = X509CertificateLoader.LoadPkcs12(pemLeaf.Export(X509ContentType.Pkcs12), null);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(_certificateFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain)
        {
            if (!certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                intermediates.Add(certificate);
            }
        }

        subject = leaf.Subject;
        notAfter = leaf.NotAfter;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        };
    }

    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(_certificateFile));
        hash.AppendData(File.ReadAllBytes(_keyFile));
        return hash.GetHashAndReset();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = Signet.Core.Errors.SignetEventId.Admission + 50, Level = LogLevel.Information, Message = "Serving certificate loaded from {CertificateFile}: {Subject}, valid until {NotAfter}")]
        public static partial void Loaded(ILogger logger, string certificateFile, string subject, DateTimeOffset notAfter);

        [LoggerMessage(EventId = Signet.Core.Errors.SignetEventId.Admission + 51, Level = LogLevel.Information, Message = "Serving certificate reloaded from {CertificateFile}: {Subject}, valid until {NotAfter}")]
        public static partial void Reloaded(ILogger logger, string certificateFile, string subject, DateTimeOffset notAfter);

        [LoggerMessage(EventId = Signet.Core.Errors.SignetEventId.Admission + 52, Level = LogLevel.Error, Message = "The changed certificate {CertificateFile} / key {KeyFile} could not be loaded; still serving the previous certificate: {Reason}")]
        public static partial void ReloadFailed(ILogger logger, string certificateFile, string keyFile, string reason);

        [LoggerMessage(EventId = Signet.Core.Errors.SignetEventId.Admission + 53, Level = LogLevel.Warning, Message = "No TLS certificate configured: serving a self-signed certificate {CertificateFile}; put {CaBundleFile} in the webhook configurations' caBundle")]
        public static partial void SelfSigned(ILogger logger, string certificateFile, string caBundleFile);
    }
}
