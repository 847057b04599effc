using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Signet.Core.Errors;
using Signet.IntegrationTests.Application;
using Signet.Keys;
using Signet.Signing;
using Signet.Targets;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Webhook;

/// <summary>
/// The webhook as deployed: Signet's HTTPS server with the real application layer (policy file, embedded key store,
/// signature verifiers) in front of Debian's docker-registry on 127.0.0.1, answering AdmissionReviews.
/// </summary>
public sealed class EndToEndTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Validate_SignedAllowed_UnsignedDenied_MutatePinsTag()
    {
        using var host = new SignetHost();
        var key = await host.Get<KeyVault>().CreateKeyAsync("webhook", KeyType.EcP256);
        var signed = $"{registry.Host}/shop-{Guid.NewGuid():N}:1.0";
        var unsigned = $"{registry.Host}/shop-{Guid.NewGuid():N}:1.0";
        var resolver = host.Get<ImageTargetResolver>();
        var signedImage = await SampleImages.PushAsync(resolver.Resolve(signed).Repository, "1.0");
        var unsignedImage = await SampleImages.PushAsync(resolver.Resolve(unsigned).Repository, "1.0");
        await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = signed, KeyId = key.Id });
        var policy = Path.Combine(host.Home, "policy.yaml");
        await File.WriteAllTextAsync(policy, $"""
            apiVersion: signet.dev/v1alpha1
            kind: ImageVerificationPolicy
            metadata:
              name: e2e
            spec:
              pinDigests: true
              rules:
                - name: shop
                  scope: ["{registry.Host}/**"]
                  trust:
                    vaultKeys: ["{key.Id}"]

            """);

        await using var app = await StartWebhookAsync(host, policy);
        using var client = CreateClient(app.Address, app.Ca);

        using var ready = await client.GetAsync("/readyz");
        var allowed = await Reviews.PostReviewAsync(client, "/validate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod($"{signed}@{signedImage.Digest}")));
        var denied = await Reviews.PostReviewAsync(client, "/validate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod($"{unsigned}@{unsignedImage.Digest}")));
        var mutated = await Reviews.PostReviewAsync(client, "/mutate", Reviews.ForObject("", "v1", "Pod", Reviews.Pod(signed)));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True((bool)allowed["allowed"]!, allowed.ToJsonString());
        Assert.False((bool)denied["allowed"]!);
        Assert.Contains(SignetErrorCode.SignatureNotFound, (string)denied["status"]!["message"]!, StringComparison.Ordinal);
        Assert.True((bool)mutated["allowed"]!, mutated.ToJsonString());
        var patch = System.Text.Encoding.UTF8.GetString(Reviews.Patch(mutated)!);
        Assert.Contains($"{signed}@{signedImage.Digest}", patch, StringComparison.Ordinal);

        // Each layer counts what it did, on the one /metrics endpoint: registry round trips, verifications, the cache.
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("signet_registry_requests_total{status=\"200\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("signet_verifications_total{format=\"vault\",result=\"VERIFIED\"}", metrics, StringComparison.Ordinal);
        Assert.Matches(@"signet_cache_misses_total [1-9]", metrics);
        Assert.Matches(@"signet_cache_entries [1-9]", metrics);
        Assert.Contains("signet_admission_requests_total{decision=\"deny\"", metrics, StringComparison.Ordinal);
    }

    private static async Task<RunningWebhook> StartWebhookAsync(SignetHost host, string policy)
    {
        var (app, address, caFile) = await InProcessWebhook.StartAsync(host, policy);
        return new RunningWebhook(app, address, X509CertificateLoader.LoadCertificateFromFile(caFile));
    }

    private static HttpClient CreateClient(Uri address, X509Certificate2 ca)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(leaf);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }

    private sealed record RunningWebhook(WebApplication App, Uri Address, X509Certificate2 Ca) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(timeout.Token);
            await App.DisposeAsync();
        }
    }
}
