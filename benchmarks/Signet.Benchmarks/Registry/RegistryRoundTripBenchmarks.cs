using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Signet.Core.Oci;
using Signet.Registry;
using Signet.Testing.Registry;

namespace Signet.Benchmarks.Registry;

/// <summary>
/// The verification path against a real loopback docker-registry 2.8 with token auth and a warm token: resolve the
/// tag, list referrers (tag-schema fallback), fetch one signature manifest. The baseline is a raw HttpClient GET of
/// the same signature manifest with the same token; round trips per operation are printed at setup.
/// </summary>
[MemoryDiagnoser]
public class RegistryRoundTripBenchmarks
{
    private readonly RequestCounter _counter = new();
    private TokenRegistryFixture _registry = null!;
    private RegistryRepository _repository = null!;
    private HttpClient _raw = null!;
    private Uri _signatureUri = null!;
    private string _signatureDigest = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _registry.DisposeAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient GET signature manifest")]
    public async Task<int> RawGetManifest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _signatureUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.OciManifest));
        using var response = await _raw.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    [Benchmark(Description = "Signet fetch signature manifest (verified)")]
    public async Task<int> SignetFetchManifest() => (await _repository.FetchManifestAsync(_signatureDigest)).Bytes.Length;

    [Benchmark(Description = "Signet resolve + referrers + fetch signature")]
    public async Task<int> SignetResolveListFetch()
    {
        var resolved = await _repository.ResolveAsync("v1");
        Descriptor? first = null;
        await foreach (var referrer in _repository.ListReferrersAsync(resolved.Digest, MediaTypes.NotarySignature))
        {
            first ??= referrer;
        }

        return (await _repository.FetchManifestAsync(first!.Digest.ToString())).Bytes.Length;
    }

    private async Task SetupAsync()
    {
        _registry = new TokenRegistryFixture();
        await _registry.InitializeAsync();
        var client = _registry.CreateClient(o => o.FallbackIndexWriteWindow = TimeSpan.FromMilliseconds(50), services: _counter.AddTo);
        _repository = client.GetRepository(_registry.Host, "bench/app");
        var image = await SampleImages.PushAsync(_repository, "v1");
        var signature = await SampleImages.PushReferrerAsync(_repository, image.Descriptor);
        _signatureDigest = signature.Digest.ToString();
        _signatureUri = new Uri(_registry.BaseAddress, $"/v2/bench/app/manifests/{_signatureDigest}");

        // The raw baseline gets the same kind of token once, then reuses it (a warm token for both sides).
        _raw = new HttpClient();
        var tokenUri = $"{_registry.TokenServer!.Realm}?service={_registry.TokenServer.Service}&scope=repository:bench/app:pull";
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_registry.Username}:{_registry.Password}")));
        using var tokenResponse = await _raw.SendAsync(tokenRequest);
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("token").GetString());

        await SignetResolveListFetch();
        _counter.Reset();
        await SignetResolveListFetch();
        var flow = _counter.Count;
        _counter.Reset();
        await SignetFetchManifest();
        Console.WriteLine($"// Round trips with a warm token: resolve + referrers + fetch = {flow}; fetch manifest = {_counter.Count}; raw GET = 1");
    }
}
