using System.Diagnostics;
using System.Text;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry;
using Signet.Testing.Registry;

namespace Signet.IntegrationTests.Registry;

/// <summary>
/// Behaviours the real registry cannot be made to show (wrong bytes, stalls, rate limits, oversized bodies, the
/// referrers API), served by a tiny loopback server. Each must end in a typed error within the deadline.
/// </summary>
public sealed class MisbehavingRegistryTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly byte[] s_manifestBytes = SampleImages.Build().Manifest.Bytes.ToArray();
    private static readonly Digest s_manifestDigest = Digest.Compute(s_manifestBytes);

    private static Dictionary<string, string> ManifestHeaders(Digest? digest = null) => new()
    {
        ["Content-Type"] = MediaTypes.OciManifest,
        ["Docker-Content-Digest"] = (digest ?? s_manifestDigest).ToString(),
    };

    private RegistryClient Client(LoopbackHttpServer server, TimeSpan? deadline = null) => registry.CreateClient(o =>
    {
        o.Registries[server.Host] = new RegistryHostOptions { PlainHttp = true };
        o.Deadline = deadline ?? TimeSpan.FromSeconds(5);
        o.RetryDelay = TimeSpan.FromMilliseconds(10);
    });

    [Fact]
    public async Task FetchManifest_WrongBytesForDigest_ThrowsDigestMismatchNamingBoth()
    {
        var other = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a/b","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""");
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 200, ManifestHeaders(), other, ct));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "evil/app").FetchManifestAsync(s_manifestDigest.ToString()));

        Assert.Equal(SignetErrorCode.DigestMismatch, error.Code);
        Assert.Equal(s_manifestDigest, error.ExpectedDigest);
        Assert.Equal(Digest.Compute(other), error.ReceivedDigest);
        Assert.Contains(server.Host, error.Message, StringComparison.Ordinal);
        Assert.Contains("evil/app", error.Message, StringComparison.Ordinal);
        Assert.Contains(s_manifestDigest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(Digest.Compute(other).ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchManifest_ByTagWithLyingDigestHeader_ThrowsDigestMismatch()
    {
        var lie = Digest.Compute("something else"u8);
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 200, ManifestHeaders(lie), s_manifestBytes, ct));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "evil/app").FetchManifestAsync("v1"));

        Assert.Equal(SignetErrorCode.DigestMismatch, error.Code);
    }

    [Fact]
    public async Task FetchBlob_WrongBytes_ThrowsDigestMismatch()
    {
        var expected = Descriptor.For(MediaTypes.OciLayerTar, "good content"u8);
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 200, null, "evil content"u8.ToArray(), ct));
        var repository = Client(server).GetRepository(server.Host, "evil/app");

        var error = await Assert.ThrowsAsync<RegistryException>(() => repository.FetchBlobAsync(expected, 1024));
        var streamed = await Assert.ThrowsAsync<RegistryException>(() => repository.FetchBlobToAsync(expected, Stream.Null, 1024));

        Assert.Equal(SignetErrorCode.DigestMismatch, error.Code);
        Assert.Equal(expected.Digest, error.ReceivedDigest is null ? null : error.ExpectedDigest);
        Assert.Equal(SignetErrorCode.DigestMismatch, streamed.Code);
    }

    [Fact]
    public async Task FetchBlob_MoreBytesThanDescriptor_ThrowsDigestMismatch()
    {
        var expected = Descriptor.For(MediaTypes.OciLayerTar, "short"u8);
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 200, null, new byte[100_000], ct));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "evil/app").FetchBlobAsync(expected, 1024));

        Assert.Equal(SignetErrorCode.DigestMismatch, error.Code);
        Assert.Contains("more than the 5 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchManifest_StallsMidBody_ThrowsDeadlineExceededInTime()
    {
        await using var server = new LoopbackHttpServer(async (_, stream, ct) =>
        {
            await LoopbackHttpServer.WriteAsync(stream, 200, ManifestHeaders(), s_manifestBytes[..10], ct, contentLength: s_manifestBytes.Length);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server, TimeSpan.FromSeconds(1)).GetRepository(server.Host, "slow/app").FetchManifestAsync("v1"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        Assert.Equal(SignetErrorCode.DeadlineExceeded, error.Code);
        Assert.True(error.IsTransient);
        Assert.Contains("did not finish within the 1 s deadline", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET http://" + server.Host + "/v2/slow/app/manifests/v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_RateLimitedWithShortRetryAfter_RetriesAndSucceeds()
    {
        var attempts = 0;
        await using var server = new LoopbackHttpServer((_, stream, ct) => Interlocked.Increment(ref attempts) == 1
            ? LoopbackHttpServer.WriteAsync(stream, 429, new Dictionary<string, string> { ["Retry-After"] = "1" }, null, ct)
            : LoopbackHttpServer.WriteAsync(stream, 200, ManifestHeaders(), s_manifestBytes, ct));

        var descriptor = await Client(server).GetRepository(server.Host, "busy/app").ResolveAsync("v1");

        Assert.Equal(s_manifestDigest, descriptor.Digest);
        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Resolve_TransientServerErrorOnce_RetriesAndSucceeds(int status)
    {
        var attempts = 0;
        await using var server = new LoopbackHttpServer((_, stream, ct) => Interlocked.Increment(ref attempts) == 1
            ? LoopbackHttpServer.WriteAsync(stream, status, new Dictionary<string, string>(), null, ct)
            : LoopbackHttpServer.WriteAsync(stream, 200, ManifestHeaders(), s_manifestBytes, ct));

        var descriptor = await Client(server).GetRepository(server.Host, "busy/app").ResolveAsync("v1");

        Assert.Equal(s_manifestDigest, descriptor.Digest);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Resolve_NotImplemented_IsNotRetried()
    {
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 501, new Dictionary<string, string>(), null, ct));

        await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "busy/app").ResolveAsync("v1"));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task FetchManifest_RateLimitedBeyondDeadline_FailsFastWithRegistryReason()
    {
        await using var server = new LoopbackHttpServer((_, stream, ct) =>
            LoopbackHttpServer.WriteAsync(stream, 429, new Dictionary<string, string> { ["Retry-After"] = "60", ["Content-Type"] = "application/json" }, """{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"""u8.ToArray(), ct));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "busy/app").FetchManifestAsync("v1"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
        Assert.Single(server.Requests);
        Assert.Equal(SignetErrorCode.RegistryUnreachable, error.Code);
        Assert.True(error.IsTransient);
        Assert.Contains("TOOMANYREQUESTS: slow down", error.Message, StringComparison.Ordinal);
        Assert.Contains("retry after 60 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushManifest_ServiceUnavailable_IsNotRetried()
    {
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 503, new Dictionary<string, string> { ["Retry-After"] = "0" }, null, ct));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "busy/app").PushManifestAsync(ManifestContent.Parse(s_manifestBytes), "v1"));

        Assert.Single(server.Requests);
        Assert.True(error.IsTransient);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task FetchManifest_DeclaredOversized_ThrowsInvalidManifestUnread()
    {
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 200, ManifestHeaders(), null, ct, contentLength: 50L * 1024 * 1024));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "big/app").FetchManifestAsync("v1"));

        Assert.Equal(SignetErrorCode.InvalidManifest, error.Code);
        Assert.Contains("52428800 bytes; Signet reads at most 4194304", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchManifest_OversizedWithoutLength_StopsAtLimit()
    {
        await using var server = new LoopbackHttpServer(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {MediaTypes.OciManifest}\r\nConnection: close\r\n\r\n"), ct);
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 200; i++)
            {
                await stream.WriteAsync(chunk, ct);
            }
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "big/app").FetchManifestAsync("v1"));

        Assert.Equal(SignetErrorCode.InvalidManifest, error.Code);
        Assert.Contains("larger than the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchManifest_MalformedJson_ThrowsInvalidManifest()
    {
        var broken = "{\"schemaVersion\":2,\"config\":"u8.ToArray();
        await using var server = new LoopbackHttpServer((_, stream, ct) => LoopbackHttpServer.WriteAsync(stream, 200, new Dictionary<string, string> { ["Content-Type"] = MediaTypes.OciManifest }, broken, ct));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Client(server).GetRepository(server.Host, "broken/app").FetchManifestAsync("v1"));

        Assert.Equal(SignetErrorCode.InvalidManifest, error.Code);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_HeadWithoutDigestHeader_FallsBackToGetAndHashes()
    {
        await using var server = new LoopbackHttpServer((request, stream, ct) => request.Method == "HEAD"
            ? LoopbackHttpServer.WriteAsync(stream, 200, new Dictionary<string, string> { ["Content-Type"] = MediaTypes.OciManifest }, null, ct, contentLength: s_manifestBytes.Length)
            : LoopbackHttpServer.WriteAsync(stream, 200, new Dictionary<string, string> { ["Content-Type"] = MediaTypes.OciManifest }, s_manifestBytes, ct));

        var descriptor = await Client(server).GetRepository(server.Host, "nodigest/app").ResolveAsync("v1");

        Assert.Equal(s_manifestDigest, descriptor.Digest);
        Assert.Equal(s_manifestBytes.Length, descriptor.Size);
        Assert.Equal(["HEAD", "GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task ListReferrers_ApiWithPagesAndNoFilterHeader_FollowsLinksAndFiltersLocally()
    {
        var subject = s_manifestDigest;
        static string Entry(char c, string type) => $$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{new string(c, 64)}}","size":10,"artifactType":"{{type}}"}""";
        await using var server = new LoopbackHttpServer((request, stream, ct) =>
        {
            var headers = new Dictionary<string, string> { ["Content-Type"] = MediaTypes.OciIndex };
            string body;
            if (request.Target.Contains("page=2", StringComparison.Ordinal))
            {
                body = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{Entry('b', MediaTypes.NotarySignature)}}]}""";
            }
            else
            {
                headers["Link"] = $"</v2/api/app/referrers/{subject}?page=2>; rel=\"next\"";
                body = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{Entry('a', MediaTypes.NotarySignature)}},{{Entry('c', "application/vnd.example.sbom")}}]}""";
            }

            return LoopbackHttpServer.WriteAsync(stream, 200, headers, Encoding.UTF8.GetBytes(body), ct);
        });
        var client = Client(server);

        var listed = await ReferrersFallbackTests.ToListAsync(client.GetRepository(server.Host, "api/app").ListReferrersAsync(subject, MediaTypes.NotarySignature));

        Assert.Equal([new string('a', 64), new string('b', 64)], listed.Select(d => d.Digest.Hex));
        Assert.True(client.SupportsReferrersApi(server.Host));
        Assert.StartsWith($"/v2/api/app/referrers/{subject}?artifactType=", server.Requests[0].Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_LoopbackWithoutPlainHttpSetting_FallsBackFromHttpsToHttp()
    {
        var image = await SampleImages.PushAsync(registry.Repository("plain/app"), "v1");
        var client = registry.CreateClient(o => o.Registries.Remove(registry.Host));

        var descriptor = await client.GetRepository(registry.Host, "plain/app").ResolveAsync("v1");

        Assert.Equal(image.Digest, descriptor.Digest);
    }

    [Fact]
    public async Task Resolve_ClosedPort_ThrowsUnreachableWithHint()
    {
        var port = FreePort.Next();
        var client = registry.CreateClient(o => o.Registries[$"127.0.0.1:{port}"] = new RegistryHostOptions { PlainHttp = true });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetRepository($"127.0.0.1:{port}", "none/app").ResolveAsync("v1"));

        Assert.Equal(SignetErrorCode.RegistryUnreachable, error.Code);
        Assert.Contains($"could not connect to 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Resolve_UnknownHost_ThrowsDnsError()
    {
        var client = registry.CreateClient(o => o.Deadline = TimeSpan.FromSeconds(8));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetRepository("registry.signet-test.invalid", "none/app").ResolveAsync("v1"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(SignetErrorCode.RegistryUnreachable, error.Code);
        Assert.Contains("could not be resolved (DNS)", error.Message, StringComparison.Ordinal);
    }
}
