using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Signet.Webhook.Hosting;

namespace Signet.UnitTests.Webhook;

public sealed class CertificateReloaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("signet-cert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EnsureSelfSigned_NewDirectory_WritesAServingCertificateChainedToTheCaBundle()
    {
        var (certFile, keyFile, caFile) = WebhookCertificates.EnsureSelfSigned(Path.Combine(_directory, "a"), ["signet.test"], TimeProvider.System);

        using var leaf = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        Assert.True(leaf.HasPrivateKey);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.MatchesHostname("signet.test"));
        Assert.True(leaf.MatchesHostname("127.0.0.1"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public void EnsureSelfSigned_ExistingFiles_AreReused()
    {
        var dir = Path.Combine(_directory, "b");
        var first = WebhookCertificates.EnsureSelfSigned(dir, ["x"], TimeProvider.System);
        var before = File.ReadAllText(first.CertificateFile);

        WebhookCertificates.EnsureSelfSigned(dir, ["x"], TimeProvider.System);

        Assert.Equal(before, File.ReadAllText(first.CertificateFile));
    }

    [Fact]
    public void Poll_FilesReplaced_ServesTheNewCertificate()
    {
        var (certFile, keyFile, _) = WebhookCertificates.EnsureSelfSigned(Path.Combine(_directory, "c"), ["first.test"], TimeProvider.System);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var reloader = Reloader(certFile, keyFile, time);
        var firstThumbprint = reloader.ServerOptions.ServerCertificateContext!.TargetCertificate.Thumbprint;

        var second = WebhookCertificates.EnsureSelfSigned(Path.Combine(_directory, "d"), ["second.test"], TimeProvider.System);
        File.Copy(second.CertificateFile, certFile, overwrite: true);
        File.Copy(second.KeyFile, keyFile, overwrite: true);
        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(1, reloader.ReloadCount);
        Assert.NotEqual(firstThumbprint, reloader.ServerOptions.ServerCertificateContext!.TargetCertificate.Thumbprint);
        Assert.Contains("second.test", reloader.ServerOptions.ServerCertificateContext!.TargetCertificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Poll_KeyDoesNotMatchNewCertificate_KeepsServingTheOldPair()
    {
        var (certFile, keyFile, _) = WebhookCertificates.EnsureSelfSigned(Path.Combine(_directory, "e"), ["first.test"], TimeProvider.System);
        using var reloader = Reloader(certFile, keyFile, TimeProvider.System);
        var firstThumbprint = reloader.ServerOptions.ServerCertificateContext!.TargetCertificate.Thumbprint;

        // A half-done rotation: the new certificate arrived, its key not yet.
        var second = WebhookCertificates.EnsureSelfSigned(Path.Combine(_directory, "f"), ["second.test"], TimeProvider.System);
        File.Copy(second.CertificateFile, certFile, overwrite: true);

        Assert.False(reloader.Poll());
        Assert.Equal(0, reloader.ReloadCount);
        Assert.Equal(firstThumbprint, reloader.ServerOptions.ServerCertificateContext!.TargetCertificate.Thumbprint);

        File.Copy(second.KeyFile, keyFile, overwrite: true);
        Assert.True(reloader.Poll());
        Assert.Contains("second.test", reloader.ServerOptions.ServerCertificateContext!.TargetCertificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerOptions_OnlyTls12AndTls13_AreEnabled()
    {
        var (certFile, keyFile, _) = WebhookCertificates.EnsureSelfSigned(Path.Combine(_directory, "g"), ["x"], TimeProvider.System);
        using var reloader = Reloader(certFile, keyFile, TimeProvider.System);

        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13, reloader.ServerOptions.EnabledSslProtocols);
    }

    private static CertificateReloader Reloader(string certFile, string keyFile, TimeProvider time) =>
        new(Options.Create(new WebhookOptions { TlsCertificateFile = certFile, TlsKeyFile = keyFile }), time, NullLogger<CertificateReloader>.Instance);
}
