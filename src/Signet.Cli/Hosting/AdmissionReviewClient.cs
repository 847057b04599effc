using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signet.Cli.Hosting;

/// <summary>Sends AdmissionReviews to a <see cref="WebhookServer"/> over HTTPS, trusting only its CA bundle, as the API server does.</summary>
internal sealed class AdmissionReviewClient : IDisposable
{
    private readonly HttpClient _client;

    private AdmissionReviewClient(HttpClient client) => _client = client;

    public static AdmissionReviewClient Create(WebhookServer server)
    {
        var handler = new HttpClientHandler();
        if (server.CaBundleFile is { } caFile)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }

        return new AdmissionReviewClient(new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Reviews a Pod named <paramref name="name"/> running <paramref name="image"/> in namespace default.</summary>
    public async Task<(bool Allowed, string Message)> ReviewAsync(string name, string image, CancellationToken cancellationToken)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["name"] = name,
                ["namespace"] = "default",
                ["operation"] = "CREATE",
                ["userInfo"] = new JsonObject { ["username"] = "quickstart" },
                ["object"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }) },
                },
            },
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.PostAsync(new Uri("/validate", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var answer = json.RootElement.GetProperty("response");
        var allowed = answer.GetProperty("allowed").GetBoolean();
        var message = answer.TryGetProperty("status", out var status) && status.TryGetProperty("message", out var text) ? text.GetString() ?? "" : "";
        return (allowed, message);
    }

    public void Dispose() => _client.Dispose();
}
