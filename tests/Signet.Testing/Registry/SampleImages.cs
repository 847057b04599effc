using System.Security.Cryptography;
using System.Text;
using Signet.Core.Digests;
using Signet.Core.Oci;

namespace Signet.Testing.Registry;

/// <summary>A pushed single-platform image: its manifest and blobs.</summary>
public sealed record SampleImage(ManifestContent Manifest, Descriptor Config, Descriptor Layer, byte[] LayerBytes)
{
    /// <summary>The manifest's descriptor (what a signature's subject names).</summary>
    public Descriptor Descriptor => Manifest.ToDescriptor();

    /// <summary>The manifest digest.</summary>
    public Digest Digest => Manifest.Digest;
}

/// <summary>A pushed multi-platform image: its index and the per-platform images.</summary>
public sealed record SampleIndex(ManifestContent Index, IReadOnlyList<SampleImage> Images)
{
    /// <summary>The index digest.</summary>
    public Digest Digest => Index.Digest;
}

/// <summary>Builds and pushes small but valid images, indexes and referrers into any <see cref="IOciRepository"/>.</summary>
public static class SampleImages
{
    /// <summary>Builds an image (config + one random layer + OCI manifest) without pushing it.</summary>
    public static (ManifestContent Manifest, Descriptor Config, byte[] ConfigBytes, Descriptor Layer, byte[] LayerBytes) Build(string architecture = "amd64", int layerBytes = 256, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var layer = RandomNumberGenerator.GetBytes(layerBytes);
        var layerDescriptor = Descriptor.For(MediaTypes.OciLayerGzip, layer);
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"{{{architecture}}}","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{layerDescriptor.Digest}}}"]},"config":{}}""");
        var configDescriptor = Descriptor.For(MediaTypes.OciConfig, config);
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = [layerDescriptor],
            Annotations = annotations,
        });
        return (manifest, configDescriptor, config, layerDescriptor, layer);
    }

    /// <summary>Pushes a new random image (blobs first, then the manifest, under <paramref name="tag"/> when given).</summary>
    public static async Task<SampleImage> PushAsync(IOciRepository repository, string? tag = null, string architecture = "amd64", int layerBytes = 256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var (manifest, config, configBytes, layer, layerContent) = Build(architecture, layerBytes);
        await repository.PushBlobAsync(config, configBytes, cancellationToken);
        await repository.PushBlobAsync(layer, layerContent, cancellationToken);
        await repository.PushManifestAsync(manifest, tag, cancellationToken);
        return new SampleImage(manifest, config, layer, layerContent);
    }

    /// <summary>Pushes an amd64 and an arm64 image and an OCI index of both (under <paramref name="tag"/> when given).</summary>
    public static async Task<SampleIndex> PushIndexAsync(IOciRepository repository, string? tag = null, CancellationToken cancellationToken = default)
    {
        var amd64 = await PushAsync(repository, null, "amd64", cancellationToken: cancellationToken);
        var arm64 = await PushAsync(repository, null, "arm64", cancellationToken: cancellationToken);
        var index = ManifestContent.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                amd64.Descriptor with { Platform = new Platform { Architecture = "amd64", OS = "linux" } },
                arm64.Descriptor with { Platform = new Platform { Architecture = "arm64", OS = "linux" } },
            ],
        });
        await repository.PushManifestAsync(index, tag, cancellationToken);
        return new SampleIndex(index, [amd64, arm64]);
    }

    /// <summary>
    /// Pushes an OCI 1.1 artifact that refers to <paramref name="subject"/> (a signature-shaped manifest: empty config,
    /// one payload layer, <c>artifactType</c> and annotations).
    /// </summary>
    public static async Task<ManifestContent> PushReferrerAsync(IOciRepository repository, Descriptor subject, string artifactType = MediaTypes.NotarySignature, IReadOnlyDictionary<string, string>? annotations = null, byte[]? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subject);
        payload ??= RandomNumberGenerator.GetBytes(64);
        var layer = Descriptor.For(MediaTypes.JoseJson, payload);
        await repository.PushBlobAsync(Descriptor.EmptyJson, "{}"u8.ToArray(), cancellationToken);
        await repository.PushBlobAsync(layer, payload, cancellationToken);
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = artifactType,
            Config = Descriptor.EmptyJson,
            Layers = [layer],
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
            Annotations = annotations ?? new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z" },
        });
        await repository.PushManifestAsync(manifest, null, cancellationToken);
        return manifest;
    }
}
