using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Signet.Testing.Admission;
using Signet.Webhook.Hosting;

namespace Signet.IntegrationTests.Webhook;

/// <summary>The webhook started on 127.0.0.1 over real HTTPS, as the API server reaches it.</summary>
public sealed class WebhookHttpsTests
{
    [Fact]
    public async Task Https_EveryVectorRequest_IsAnsweredOverTls()
    {
        await using var server = await WebhookServer.StartAsync();
        using var client = server.CreateClient();

        foreach (var file in Reviews.VectorFiles())
        {
            var validate = await Reviews.PostReviewAsync(client, "/validate", Reviews.FromVector(file));
            var mutate = await Reviews.PostReviewAsync(client, "/mutate", Reviews.FromVector(file));

            var unsigned = file.Contains("unsigned", StringComparison.Ordinal);
            Assert.Equal(!unsigned, (bool)validate["allowed"]!);
            Assert.Equal(!unsigned, (bool)mutate["allowed"]!);
            Assert.Null(validate["patch"]);
            Assert.Equal(!unsigned && !file.Contains("with_digest", StringComparison.Ordinal), mutate["patch"] is not null);
        }
    }

    [Fact]
    public async Task Https_MutatePatch_AppliesAndRevalidates()
    {
        await using var server = await WebhookServer.StartAsync();
        using var client = server.CreateClient();
        var review = Reviews.FromVector("cronjob_creation_signed.json");

        var response = await Reviews.PostReviewAsync(client, "/mutate", review);
        var patched = JsonPatchApplier.Apply(review["request"]!["object"]!.AsObject(), Reviews.Patch(response)!);
        review["request"]!["object"] = patched;
        var again = await Reviews.PostReviewAsync(client, "/mutate", review);

        var image = Assert.Single(Reviews.ImagesOf(patched, review));
        Assert.Equal($"ghcr.io/kubewarden/test-verify-image-signatures:signed@{TestAdmissionEvaluator.DigestFor("ghcr.io/kubewarden/test-verify-image-signatures:signed")}", image);
        Assert.True((bool)again["allowed"]!);
        Assert.Null(again["patch"]);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Https_Tls12AndTls13Clients_AreServed(SslProtocols protocol)
    {
        await using var server = await WebhookServer.StartAsync();
        using var client = server.CreateClient(protocols: protocol);

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task Https_CertificateFilesReplaced_NewConnectionsGetTheNewCertificate()
    {
        await using var server = await WebhookServer.StartAsync();
        string? served = null;
        using (var client = server.CreateClient(c => served = c.Thumbprint))
        {
            await client.GetStringAsync("/healthz");
        }

        var first = served;
        using var original = X509Certificate2.CreateFromPemFile(server.CertificateFile, server.KeyFile);
        Assert.Equal(original.Thumbprint, first);

        // Rotate: a new serving certificate under the same CA is not available from the helper, so a new CA pair is
        // issued and the client trusts the new CA from then on (what a caBundle update does).
        var rotated = Path.Combine(server.Directory, "rotated");
        var next = WebhookCertificates.EnsureSelfSigned(rotated, ["localhost"], TimeProvider.System);
        File.Copy(next.CaBundleFile, Path.Combine(server.Directory, "ca.crt"), overwrite: true);
        File.Copy(next.KeyFile, server.KeyFile, overwrite: true);
        File.Copy(next.CertificateFile, server.CertificateFile, overwrite: true);
        using var expected = X509Certificate2.CreateFromPemFile(next.CertificateFile, next.KeyFile);

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = server.CreateClient(c => served = c.Thumbprint);
                await client.GetStringAsync("/healthz");
                if (served == expected.Thumbprint)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Still the old certificate, which the rotated CA does not trust: poll again.
            }

            await Task.Delay(100);
        }

        Assert.Equal(expected.Thumbprint, served);
    }

    [Fact]
    public async Task Https_OversizedBody_IsRejectedByKestrelWith413()
    {
        await using var server = await WebhookServer.StartAsync(o => o.MaxRequestBodyBytes = 16 * 1024);
        using var client = server.CreateClient();
        var pod = Reviews.Pod("app:1");
        pod["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 20_000) };

        using var response = await client.PostAsync("/validate", Reviews.Content(Reviews.ForObject("", "v1", "Pod", pod)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(server.Evaluator.Requests);
    }

    [Fact]
    public async Task Https_SlowEvaluator_DeniedBeforeTheApiServerTimeout()
    {
        await using var server = await WebhookServer.StartAsync(o =>
        {
            o.DecisionBudget = TimeSpan.FromMilliseconds(500);
            o.ApiServerTimeout = TimeSpan.FromSeconds(3);
        });
        server.Evaluator.Delay = TimeSpan.FromSeconds(10);
        server.Evaluator.IgnoreCancellation = true;
        using var client = server.CreateClient();
        await client.GetStringAsync("/healthz");

        var stopwatch = Stopwatch.StartNew();
        var response = await Reviews.PostReviewAsync(client, "/validate", Reviews.FromVector("pod_creation_signed.json"));

        Assert.False((bool)response["allowed"]!);
        Assert.StartsWith("[DEADLINE_EXCEEDED]", (string)response["status"]!["message"]!, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Https_Metrics_AreServedInPrometheusFormat()
    {
        await using var server = await WebhookServer.StartAsync();
        using var client = server.CreateClient();
        await Reviews.PostReviewAsync(client, "/validate", Reviews.FromVector("pod_creation_unsigned.json"));

        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("signet_admission_requests_total{decision=\"deny\",kind=\"Pod\",mode=\"enforce\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ProviderRequest_IsAnswered()
    {
        await using var server = await WebhookServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/provider", Reviews.Content(ProviderTests.Request("registry.example.com/a:1")));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True((bool)body["response"]!["items"]![0]!["value"]!["isSuccess"]!);
    }

    [Fact]
    public async Task Start_NoCertificateGiven_ServesASelfSignedOneAndWritesTheCaBundle()
    {
        var directory = Directory.CreateTempSubdirectory("signet-selfsigned-").FullName;
        try
        {
            await using var server = await WebhookServer.StartAsync(o =>
            {
                o.TlsCertificateFile = null;
                o.TlsKeyFile = null;
                o.SelfSignedCertificateDirectory = directory;
            });
            using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, WebhookCertificates.CaBundleFileName));
            string? issuer = null;
            using var client = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new()
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        using var leaf = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                        issuer = leaf.Issuer;
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(ca);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(leaf);
                    },
                },
            })
            { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(20) };

            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
            Assert.Equal(ca.Subject, issuer);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsBeforeServingWithEveryProblem()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => WebhookServer.StartAsync(o =>
        {
            o.TlsCertificateFile = "/nonexistent/tls.crt";
            o.TlsKeyFile = "/nonexistent/tls.key";
            o.DecisionBudget = TimeSpan.FromSeconds(12);
        }));

        Assert.Contains("/nonexistent/tls.crt' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("DecisionBudget", error.Message, StringComparison.Ordinal);
    }
}
