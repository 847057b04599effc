using System.Text;
using System.Text.Json;
using Signet.Core.Digests;
using Signet.Core.Oci;

namespace Signet.UnitTests.Core;

public sealed class ManifestContentTests
{
    // Real bytes: a legacy Notary Project signature manifest from the notation e2e layouts (728 bytes) and a Docker
    // schema 2 manifest written by the Docker registry (428 bytes, "size" before "digest").
    private const string NotationSignatureManifest = """
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.cncf.notary.signature","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[{"mediaType":"application/jose+json","digest":"sha256:c9af07e038b2b1a463e648986ad7273157511ffeba0b689f33e5472bae471f50","size":2070}],"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9","size":517},"annotations":{"io.cncf.notary.x509chain.thumbprint#S256":"[\"e38aea13f2b051f7183cca64a51ee676f4d4456f41d9fecf15eb367efc7343b9\"]","org.opencontainers.image.created":"2023-06-27T05:30:33Z"}}
""";

    private const string NotationSignatureDigest = "sha256:90ceaff260d657d797c408ac73564a9c7bb9d86055877c2a811f0e63b8c6524f";

    private const string DockerManifest = """
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1512,"digest":"sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2896510,"digest":"sha256:9d16cba9fb961d1aafec9542f2bf7cb64acfc55245f9e4eb5abecd4cdc38d749"}]}
""";

    private const string DockerManifestDigest = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";

    private const string Layer = """{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:6de5fe1f75e4b1094c98086f403d5fd8117776ebe5aad1609281403d13dea070","size":17}""";
    private const string Config = """{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}""";

    public static TheoryData<string, string?, string> MalformedManifests => new()
    {
        { "not json", null, "not valid JSON" },
        { "[]", null, "JSON array, not an object" },
        { "null", null, "JSON null, not an object" },
        { "{}", null, "no numeric 'schemaVersion'" },
        { """{"schemaVersion":"2","config":CONFIG}""", null, "no numeric 'schemaVersion'" },
        { """{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}""", null, "schemaVersion 1" },
        { """{"schemaVersion":2,"mediaType":7,"config":CONFIG}""", null, "'mediaType' is a JSON number" },
        { """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws","config":CONFIG}""", null, "'application/vnd.docker.distribution.manifest.v1+prettyjws' is not a manifest or index" },
        { """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":CONFIG}""", "application/vnd.oci.image.index.v1+json", "served as 'application/vnd.oci.image.index.v1+json'" },
        { """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""", null, "config" },
        { """{"schemaVersion":2,"config":{"mediaType":"a/b","digest":"sha256:abc","size":2}}""", null, "3 hex characters" },
        { """{"schemaVersion":2,"config":{"mediaType":"a/b","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":-2}}""", null, "negative size" },
        { """{"schemaVersion":2,"config":{"mediaType":"a/b","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e3w="}}""", null, "does not match its digest" },
        { """{"schemaVersion":2,"config":CONFIG,"layers":[{"mediaType":"a/b","size":1}]}""", null, "digest" },
        { """{"schemaVersion":2,"config":CONFIG,"layers":{}}""", null, "malformed" },
        { """{"schemaVersion":2,"schemaVersion":2,"config":CONFIG}""", null, "not valid JSON" },
        { """{"schemaVersion":2,"config":CONFIG,"subject":LAYER,"subject":CONFIG}""", null, "not valid JSON" },
        { """{"schemaVersion":2,"config":{"mediaType":"a/b","mediaType":"c/d","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}}""", null, "not valid JSON" },
        { """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"a/b"}]}""", null, "malformed" },
        { """{"schemaVersion":2,"manifests":"x"}""", null, "malformed" },
    };

    [Fact]
    public void Parse_RealNotationSignature_KeepsExactBytesAndDigest()
    {
        var bytes = Encoding.UTF8.GetBytes(NotationSignatureManifest);

        var content = ManifestContent.Parse(bytes);

        Assert.Equal(728, content.Bytes.Length);
        Assert.True(content.Bytes.Span.SequenceEqual(bytes));
        Assert.Equal(NotationSignatureDigest, content.Digest.ToString());
        Assert.Equal(MediaTypes.OciManifest, content.MediaType);
        var manifest = Assert.IsType<ImageManifest>(content.Manifest);
        Assert.Null(content.Index);
        Assert.Equal(MediaTypes.NotarySignature, manifest.EffectiveArtifactType);
        Assert.Null(manifest.ArtifactType);
        Assert.Equal("sha256:b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9", manifest.Subject!.Digest.ToString());
        Assert.Equal(517, manifest.Subject.Size);
        var layer = Assert.Single(manifest.Layers);
        Assert.Equal(MediaTypes.JoseJson, layer.MediaType);
        Assert.Equal("2023-06-27T05:30:33Z", manifest.Annotations!["org.opencontainers.image.created"]);

        var descriptor = content.ToDescriptor();
        Assert.Equal(728, descriptor.Size);
        Assert.Equal(content.Digest, descriptor.Digest);
    }

    [Fact]
    public void Parse_DockerSchema2Manifest_DigestIsOverReceivedBytesNotReserialization()
    {
        var bytes = Encoding.UTF8.GetBytes(DockerManifest);

        var content = ManifestContent.Parse(bytes);
        var reserialized = ManifestContent.Create(content.Manifest!);

        Assert.Equal(DockerManifestDigest, content.Digest.ToString());
        Assert.Equal(MediaTypes.DockerManifest, content.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, content.Manifest!.Config.MediaType);
        Assert.Equal(1512, content.Manifest.Config.Size);
        var layer = Assert.Single(content.Manifest.Layers);
        Assert.Equal(MediaTypes.DockerLayerGzip, layer.MediaType);
        Assert.Equal(2896510, layer.Size);

        // The model writes "digest" before "size": other bytes, another digest. Only the received bytes are the image.
        Assert.NotEqual(content.Digest, reserialized.Digest);
        Assert.Equal(content.Manifest, ManifestContent.Parse(reserialized.Bytes).Manifest, new ManifestFieldComparer());
    }

    [Fact]
    public void Parse_WhitespaceAndKeyOrder_AreKeptInTheDigest()
    {
        var compact = "{\"schemaVersion\":2,\"config\":" + Config + ",\"layers\":[" + Layer + "]}";
        var spaced = "{ \"layers\" : [ " + Layer + " ],\n  \"config\" : " + Config + ", \"schemaVersion\" : 2 }";

        var a = ManifestContent.Parse(Encoding.UTF8.GetBytes(compact));
        var b = ManifestContent.Parse(Encoding.UTF8.GetBytes(spaced));

        Assert.NotEqual(a.Digest, b.Digest);
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(spaced)), b.Digest);
        Assert.True(b.Bytes.Span.SequenceEqual(Encoding.UTF8.GetBytes(spaced)));
    }

    [Fact]
    public void Parse_Sha512Algorithm_DigestsWithSha512()
    {
        var bytes = Encoding.UTF8.GetBytes(DockerManifest);

        var content = ManifestContent.Parse(bytes, algorithm: DigestAlgorithm.Sha512);

        Assert.Equal(Digest.Compute(bytes, DigestAlgorithm.Sha512), content.Digest);
    }

    [Fact]
    public void Create_UnknownFields_ArePreservedOnReserialization()
    {
        var json = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","x-future":{"a":[1,2]},
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"x-desc":"kept"},
             "layers":[{{Layer}}]}
            """;

        var parsed = ManifestContent.Parse(Encoding.UTF8.GetBytes(json));
        var written = Encoding.UTF8.GetString(ManifestContent.Create(parsed.Manifest!).Bytes.Span);

        Assert.Contains("\"x-future\":{\"a\":[1,2]}", written, StringComparison.Ordinal);
        Assert.Contains("\"x-desc\":\"kept\"", written, StringComparison.Ordinal);
        Assert.Equal(parsed.Manifest!.ExtensionData!["x-future"].GetRawText(), ManifestContent.Parse(Encoding.UTF8.GetBytes(written)).Manifest!.ExtensionData!["x-future"].GetRawText());
    }

    [Fact]
    public void Parse_DockerManifestList_ReadsPlatformsAndKeepsUnknownPlatformFields()
    {
        var json = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
             {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":428,"digest":"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00","platform":{"architecture":"amd64","os":"linux"}},
             {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":428,"digest":"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00","platform":{"architecture":"arm64","os":"linux","variant":"v8","features":["sse4"]}},
             {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":428,"digest":"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00","platform":{"architecture":"amd64","os":"windows","os.version":"10.0.17763.1"}}]}
            """;

        var content = ManifestContent.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(MediaTypes.DockerManifestList, content.MediaType);
        Assert.Null(content.Manifest);
        var index = Assert.IsType<ImageIndex>(content.Index);
        Assert.Equal(3, index.Manifests.Count);
        Assert.Equal("v8", index.Manifests[1].Platform!.Variant);
        Assert.True(index.Manifests[1].Platform!.ExtensionData!.ContainsKey("features"));
        Assert.Equal("10.0.17763.1", index.Manifests[2].Platform!.OSVersion);
        Assert.Contains("\"features\":[\"sse4\"]", Encoding.UTF8.GetString(ManifestContent.Create(index).Bytes.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OciIndexWithSubjectAndArtifactType_ReadsThem()
    {
        var json = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"application/vnd.example+type","manifests":[],"subject":LAYER,"annotations":{"k":"v"}}""".Replace("LAYER", Layer, StringComparison.Ordinal);

        var content = ManifestContent.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal("application/vnd.example+type", content.Index!.ArtifactType);
        Assert.Equal("application/vnd.example+type", content.ToDescriptor().ArtifactType);
        Assert.Equal("sha256:6de5fe1f75e4b1094c98086f403d5fd8117776ebe5aad1609281403d13dea070", content.Index.Subject!.Digest.ToString());
        Assert.Equal("v", content.Index.Annotations!["k"]);
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"manifests":[]}""", null, MediaTypes.OciIndex)]
    [InlineData("""{"schemaVersion":2,"config":CONFIG}""", null, MediaTypes.OciManifest)]
    [InlineData("""{"schemaVersion":2,"config":CONFIG}""", "application/vnd.docker.distribution.manifest.v2+json; charset=utf-8", MediaTypes.DockerManifest)]
    [InlineData("""{"schemaVersion":2,"config":CONFIG}""", "application/octet-stream", MediaTypes.OciManifest)]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":CONFIG}""", "text/plain", MediaTypes.OciManifest)]
    public void Parse_MediaType_FromFieldElseTransportElseShape(string json, string? contentType, string expected)
    {
        var content = ManifestContent.Parse(Encoding.UTF8.GetBytes(json.Replace("CONFIG", Config, StringComparison.Ordinal)), contentType);

        Assert.Equal(expected, content.MediaType);
    }

    [Theory]
    [MemberData(nameof(MalformedManifests))]
    public void Parse_MalformedManifest_ThrowsFormatExceptionSayingWhy(string json, string? contentType, string fragment)
    {
        var bytes = Encoding.UTF8.GetBytes(json.Replace("CONFIG", Config, StringComparison.Ordinal).Replace("LAYER", Layer, StringComparison.Ordinal));

        var ex = Assert.Throws<FormatException>(() => ManifestContent.Parse(bytes, contentType));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OversizedManifest_IsRefusedBeforeParsing()
    {
        var bytes = new byte[ManifestContent.MaxManifestBytes + 1];
        bytes.AsSpan().Fill((byte)' ');

        var ex = Assert.Throws<FormatException>(() => ManifestContent.Parse(bytes));

        Assert.Contains($"the limit is {ManifestContent.MaxManifestBytes} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_ThrowsFormatException()
    {
        var json = """{"schemaVersion":2,"x":""" + new string('[', 100) + new string(']', 100) + "}";

        var ex = Assert.Throws<FormatException>(() => ManifestContent.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Create_Index_KeepsTheSerializedBytes()
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [Descriptor.For(MediaTypes.OciManifest, Encoding.UTF8.GetBytes(NotationSignatureManifest)) with { ArtifactType = MediaTypes.NotarySignature }],
        };

        var content = ManifestContent.Create(index);
        var parsed = ManifestContent.Parse(content.Bytes);

        Assert.Equal(content.Digest, parsed.Digest);
        Assert.Equal(Digest.Compute(content.Bytes.Span), content.Digest);
        Assert.Equal(NotationSignatureDigest, parsed.Index!.Manifests[0].Digest.ToString());
        Assert.Equal(MediaTypes.NotarySignature, parsed.Index.Manifests[0].ArtifactType);
    }

    [Fact]
    public void ManifestTypes_SerializeWithSpecFieldNames()
    {
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = MediaTypes.NotarySignature,
            Config = Descriptor.EmptyJson,
            Layers = [Descriptor.For(MediaTypes.JoseJson, "{}"u8)],
        };

        var json = JsonSerializer.Serialize(manifest, OciJsonContext.Wire.ImageManifest);

        Assert.StartsWith("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.cncf.notary.signature","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="}""", json, StringComparison.Ordinal);
        Assert.DoesNotContain("subject", json, StringComparison.Ordinal);
        Assert.DoesNotContain("annotations", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManifestWithoutLayersOrIndexWithoutManifests_ReadsEmptyLists()
    {
        var manifest = ManifestContent.Parse(Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"config\":" + Config + "}"));
        var index = ManifestContent.Parse(Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}"));

        Assert.Empty(manifest.Manifest!.Layers);
        Assert.Empty(index.Index!.Manifests);
    }

    /// <summary>Compares the fields a verifier reads, ignoring collection identity.</summary>
    private sealed class ManifestFieldComparer : IEqualityComparer<ImageManifest?>
    {
        public bool Equals(ImageManifest? x, ImageManifest? y) =>
            x is not null && y is not null && x.MediaType == y.MediaType && x.Config.IsSameContent(y.Config)
            && x.Layers.Count == y.Layers.Count && x.Layers.Zip(y.Layers).All(p => p.First.IsSameContent(p.Second));

        public int GetHashCode(ImageManifest? obj) => 0;
    }
}
