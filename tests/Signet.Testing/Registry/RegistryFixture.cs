using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Signet.Registry;
using Signet.Registry.Authentication;
using Xunit;

namespace Signet.Testing.Registry;

/// <summary>
/// A real Debian <c>docker-registry</c> (distribution 2.8) on 127.0.0.1 on a free port, with its config and storage in
/// a temp directory, started before the tests and killed after. Use as an xunit class or collection fixture; the
/// subclasses pick the mode (<see cref="TlsRegistryFixture"/>, <see cref="TokenRegistryFixture"/>).
/// </summary>
public class RegistryFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs the registry.</summary>
    public const string BinaryPath = "/usr/bin/docker-registry";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ServiceProvider> _providers = [];
    private readonly StringBuilder _output = new();
    private Process? _process;
    private X509Certificate2? _tlsCertificate;
    private X509Certificate2? _tokenSigner;

    /// <summary>A plain-HTTP registry without authentication.</summary>
    public RegistryFixture()
        : this(RegistryMode.PlainHttp)
    {
    }

    /// <summary>A registry in <paramref name="mode"/>.</summary>
    protected RegistryFixture(RegistryMode mode)
    {
        Mode = mode;
        Directory = Path.Combine(Path.GetTempPath(), "signet-registry-" + Guid.NewGuid().ToString("N")[..12]);
        Port = FreePort.Next();
    }

    /// <summary>The mode.</summary>
    public RegistryMode Mode { get; }

    /// <summary>The temp directory holding config, certificates and storage (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>The port the registry listens on.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>: the registry part of image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The registry's base address (<c>http://</c> or <c>https://</c>).</summary>
    public Uri BaseAddress => new($"{(Mode == RegistryMode.TlsBasicAuth ? "https" : "http")}://{Host}/");

    /// <summary>The user accepted in the authenticated modes.</summary>
    public string Username { get; } = "signet";

    /// <summary>The password of <see cref="Username"/>.</summary>
    public string Password { get; } = "s3cret-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The PEM CA bundle clients must trust (TLS mode), else null.</summary>
    public string? CaBundlePath { get; private set; }

    /// <summary>The token issuer (token mode), else null.</summary>
    public TokenServer? TokenServer { get; private set; }

    /// <summary>
    /// A client from the real DI registration, configured for this registry: plain HTTP or its CA bundle, and its
    /// credentials unless <paramref name="withCredentials"/> is false. Docker's config is never read.
    /// </summary>
    public RegistryClient CreateClient(Action<RegistryClientOptions>? configure = null, bool withCredentials = true, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection.AddSignetRegistry(options =>
        {
            options.UseDockerConfig = false;
            var host = new RegistryHostOptions
            {
                PlainHttp = Mode != RegistryMode.TlsBasicAuth,
                CaBundlePath = CaBundlePath,
            };
            if (withCredentials && Mode != RegistryMode.PlainHttp)
            {
                host.Username = Username;
                host.Password = Password;
            }

            options.Registries[Host] = host;
            configure?.Invoke(options);
        });
        var provider = collection.BuildServiceProvider();
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return provider.GetRequiredService<RegistryClient>();
    }

    /// <summary>A repository of this registry from a new default client (a fresh name per call when none is given).</summary>
    public RegistryRepository Repository(string? name = null, IRegistryCredentialProvider? credentials = null) =>
        CreateClient().GetRepository(Host, name ?? "test/" + Guid.NewGuid().ToString("N")[..10], credentials);

    /// <summary>What the registry printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(BinaryPath))
        {
            throw new InvalidOperationException($"{BinaryPath} is missing: install package docker-registry (apt-get install docker-registry, or eng/install-deps.sh).");
        }

        System.IO.Directory.CreateDirectory(Directory);
        var config = new StringBuilder();
        config.AppendLine("version: 0.1");
        config.AppendLine("log:\n  level: error\n  accesslog:\n    disabled: true");
        config.AppendLine($"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(Directory, "data")}\n  delete:\n    enabled: true\n  maintenance:\n    uploadpurging:\n      enabled: false");
        config.AppendLine($"http:\n  addr: {Host}\n  secret: {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
        switch (Mode)
        {
            case RegistryMode.TlsBasicAuth:
                _tlsCertificate = TestCertificates.CreateSelfSigned("signet-test-registry");
                var (certificatePath, keyPath) = TestCertificates.WritePem(_tlsCertificate, Directory, "tls");
                CaBundlePath = certificatePath;
                config.AppendLine($"  tls:\n    certificate: {certificatePath}\n    key: {keyPath}");
                var htpasswdPath = Path.Combine(Directory, "htpasswd");
                await File.WriteAllTextAsync(htpasswdPath, await HtpasswdAsync(Username, Password));
                config.AppendLine($"auth:\n  htpasswd:\n    realm: signet-test\n    path: {htpasswdPath}");
                break;
            case RegistryMode.TokenAuth:
                _tokenSigner = TestCertificates.CreateSelfSigned("signet-test-token-issuer", serverAuth: false);
                var (signerPath, _) = TestCertificates.WritePem(_tokenSigner, Directory, "token-signer");
                TokenServer = new TokenServer(_tokenSigner, "signet-test-issuer", "signet-test-registry", Username, Password);
                config.AppendLine($"auth:\n  token:\n    realm: {TokenServer.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {signerPath}");
                break;
        }

        var configPath = Path.Combine(Directory, "config.yml");
        await File.WriteAllTextAsync(configPath, config.ToString());
        var start = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(configPath);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        List<ServiceProvider> providers;
        lock (_providers)
        {
            providers = [.. _providers];
            _providers.Clear();
        }

        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            process.Dispose();
        }

        if (TokenServer is not null)
        {
            await TokenServer.DisposeAsync();
        }

        _tlsCertificate?.Dispose();
        _tokenSigner?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; the next run uses a new name.
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var handler = new SocketsHttpHandler();
        if (_tlsCertificate is not null)
        {
            var expected = _tlsCertificate.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && c.Thumbprint == expected;
        }

        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        Exception? last = null;
        while (stopwatch.Elapsed < s_startTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/v2/"));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"docker-registry did not answer on {BaseAddress} within {s_startTimeout.TotalSeconds} s (last error: {last?.Message}). Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static async Task<string> HtpasswdAsync(string user, string password)
    {
        const string htpasswd = "/usr/bin/htpasswd";
        if (!File.Exists(htpasswd))
        {
            throw new InvalidOperationException($"{htpasswd} is missing: install package apache2-utils (needed to write the registry's bcrypt htpasswd file).");
        }

        var start = new ProcessStartInfo(htpasswd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-Bbn", user, password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd failed with exit code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        }

        return output.Trim() + "\n";
    }
}

/// <summary>A TLS registry (test-made certificate) with htpasswd Basic authentication.</summary>
public sealed class TlsRegistryFixture() : RegistryFixture(RegistryMode.TlsBasicAuth);

/// <summary>A registry with token authentication; the token issuer runs in the test process.</summary>
public sealed class TokenRegistryFixture() : RegistryFixture(RegistryMode.TokenAuth);
