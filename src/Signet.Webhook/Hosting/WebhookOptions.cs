using System.ComponentModel.DataAnnotations;

namespace Signet.Webhook.Hosting;

/// <summary>
/// Settings of the admission webhook host, bound from the <c>Webhook</c> configuration section (environment:
/// <c>Webhook__ListenUrl</c>…) and validated before the first request.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section these options bind.</summary>
    public const string SectionName = "Webhook";

    /// <summary>Where to listen: <c>https://host:port</c> (host an IP address, <c>0.0.0.0</c> or <c>[::]</c> for all interfaces, or <c>localhost</c>; port 0 picks a free one).</summary>
    [Required]
    public string ListenUrl { get; set; } = "https://127.0.0.1:8443";

    /// <summary>PEM file with the serving certificate, followed by any intermediates; with <see cref="TlsKeyFile"/>.</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>PEM file with the serving certificate's private key (PKCS#8, or PKCS#1/SEC1).</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>
    /// When no certificate is given: the directory where a self-signed CA (<c>ca.crt</c>, the <c>caBundle</c> for the
    /// webhook configuration) and a serving certificate (<c>tls.crt</c>, <c>tls.key</c>) are created, or reused.
    /// </summary>
    public string SelfSignedCertificateDirectory { get; set; } = "tls";

    /// <summary>DNS names of the self-signed serving certificate (127.0.0.1 and ::1 are always included).</summary>
    public IList<string> SelfSignedDnsNames { get; } = ["localhost", "signet-webhook", "signet-webhook.signet-system", "signet-webhook.signet-system.svc"];

    /// <summary>How often the certificate and key files are checked for changes (rotation by cert-manager or a Secret update).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CertificateReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body accepted; the API server's own limit on objects is 3 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>
    /// Time Signet gives itself to decide; when it runs out the request is denied with <c>DEADLINE_EXCEEDED</c>. Must be
    /// below <see cref="ApiServerTimeout"/> so the answer arrives before the API server gives up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:29")]
    public TimeSpan DecisionBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The <c>timeoutSeconds</c> of the webhook configurations (default 10 in Signet's manifests).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan ApiServerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How <c>/mutate</c> rewrites verified images.</summary>
    public DigestPinningMode DigestPinning { get; set; } = DigestPinningMode.TagAndDigest;

    /// <summary>What to answer for a custom kind whose containers Signet cannot find.</summary>
    public UnknownKindHandling UnknownKinds { get; set; } = UnknownKindHandling.Deny;

    /// <summary>Most image keys accepted in one Gatekeeper ProviderRequest.</summary>
    [Range(1, 10_000)]
    public int ProviderMaxKeys { get; set; } = 256;

    /// <summary>How many images of one request are verified at once (provider requests).</summary>
    [Range(1, 64)]
    public int ProviderParallelism { get; set; } = 8;

    /// <summary>Post Kubernetes Events for denials and break-glass when running in a cluster.</summary>
    public bool KubernetesEvents { get; set; } = true;
}
