using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Signet.Core.Oci;

namespace Signet.Cli.Commands.Quickstart;

/// <summary>
/// A tiny but real OCI image for the quick start: one gzip'd tar layer holding <c>/hello.txt</c>, an image config,
/// and an OCI manifest. Each label makes a distinct image (the text carries it).
/// </summary>
internal static class SampleImage
{
    public static async Task<Descriptor> PushAsync(IOciRepository repository, string tag, string label, DateTimeOffset created, CancellationToken cancellationToken)
    {
        var layer = Layer($"Hello from Signet's quick start ({label}).\n", created);
        var layerDescriptor = Descriptor.For(MediaTypes.OciLayerGzip, layer);
        var diffId = Core.Digests.Digest.Compute(Decompress(layer));
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","created":"{{{created:yyyy-MM-ddTHH:mm:ssZ}}}","config":{"Cmd":["/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""");
        var configDescriptor = Descriptor.For(MediaTypes.OciConfig, config);
        var manifest = ManifestContent.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = [layerDescriptor],
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = $"signet-quickstart-{label}" },
        });
        await repository.PushBlobAsync(configDescriptor, config, cancellationToken).ConfigureAwait(false);
        await repository.PushBlobAsync(layerDescriptor, layer, cancellationToken).ConfigureAwait(false);
        return await repository.PushManifestAsync(manifest, tag, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Layer(string text, DateTimeOffset created)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                ModificationTime = created,
                Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }

        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(tar.GetBuffer(), 0, (int)tar.Length);
        }

        return gzip.ToArray();
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
