using System.Text;
using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Signatures.Cosign;

namespace Signet.UnitTests.Signatures.Cosign;

public sealed class CosignAttachmentTests
{
    private static readonly Digest s_subject = Digest.Compute("image"u8);

    [Fact]
    public void TagFor_Digest_IsCosignTag()
    {
        Assert.Equal("sha256-" + s_subject.Hex + ".sig", CosignAttachment.TagFor(s_subject));
    }

    [Fact]
    public void Append_NoExisting_CreatesOneLayerManifestAndConfig()
    {
        var (layer, payload) = Layer("one", [1, 2, 3]);

        var update = CosignAttachment.Append(null, layer, payload);

        Assert.True(update.Changed);
        var manifest = update.Manifest.Manifest!;
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(MediaTypes.OciConfig, manifest.Config.MediaType);
        Assert.Equal(layer.Digest, Assert.Single(manifest.Layers).Digest);
        Assert.Equal(2, update.Blobs.Count);
        Assert.Equal(
            "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer.Digest + "\"]}}",
            Encoding.UTF8.GetString(update.Blobs[1].Content.Span));
        Assert.Equal(manifest.Config.Digest, update.Blobs[1].Descriptor.Digest);
    }

    [Fact]
    public void Append_SecondSignature_KeepsFirstAndRebuildsDiffIds()
    {
        var (first, firstPayload) = Layer("one", [1]);
        var (second, secondPayload) = Layer("two", [2]);
        var existing = CosignAttachment.Append(null, first, firstPayload).Manifest;

        var update = CosignAttachment.Append(existing, second, secondPayload);

        Assert.True(update.Changed);
        Assert.Equal([first.Digest, second.Digest], update.Manifest.Manifest!.Layers.Select(l => l.Digest));
        var config = Encoding.UTF8.GetString(update.Blobs.Single(b => b.Descriptor.MediaType == MediaTypes.OciConfig).Content.Span);
        Assert.Contains("\"diff_ids\":[\"" + first.Digest + "\",\"" + second.Digest + "\"]", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_SameSignatureAgain_Unchanged()
    {
        var (layer, payload) = Layer("one", [1]);
        var existing = CosignAttachment.Append(null, layer, payload).Manifest;

        var update = CosignAttachment.Append(existing, layer, payload);

        Assert.False(update.Changed);
        Assert.Same(existing, update.Manifest);
        Assert.Empty(update.Blobs);
    }

    [Fact]
    public void Append_SamePayloadOtherSignature_Added()
    {
        var (layer, payload) = Layer("one", [1]);
        var (other, _) = Layer("one", [9]);
        var existing = CosignAttachment.Append(null, layer, payload).Manifest;

        var update = CosignAttachment.Append(existing, other, payload);

        Assert.True(update.Changed);
        Assert.Equal(2, update.Manifest.Manifest!.Layers.Count);
    }

    [Fact]
    public void Append_ExistingIndex_Throws()
    {
        var index = ManifestContent.Create(new ImageIndex { MediaType = MediaTypes.OciIndex });
        var (layer, payload) = Layer("one", [1]);

        var error = Assert.Throws<FormatException>(() => CosignAttachment.Append(index, layer, payload));
        Assert.Contains(MediaTypes.OciIndex, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_ExistingAnnotations_Kept()
    {
        var (layer, payload) = Layer("one", [1]);
        var (second, secondPayload) = Layer("two", [2]);
        var existing = ManifestContent.Parse(Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.Compute("x"u8) + "\",\"size\":1},\"layers\":[{\"mediaType\":\"" + layer.MediaType + "\",\"digest\":\"" + layer.Digest + "\",\"size\":" + layer.Size + "}],\"annotations\":{\"k\":\"v\"}}"));

        var update = CosignAttachment.Append(existing, second, secondPayload);

        Assert.Equal("v", update.Manifest.Manifest!.Annotations!["k"]);
        Assert.EndsWith(",\"annotations\":{\"k\":\"v\"}}", Encoding.UTF8.GetString(update.Manifest.Bytes.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Append_LayerNotDescribingPayload_Throws()
    {
        var (layer, _) = Layer("one", [1]);

        Assert.Throws<ArgumentException>(() => CosignAttachment.Append(null, layer, "other"u8.ToArray()));
    }

    [Fact]
    public void CreateLayer_SignatureWithPlus_WrittenUnescaped()
    {
        var (layer, payload) = Layer("one", [0xfb, 0xef, 0xff]);

        var bytes = Encoding.UTF8.GetString(CosignAttachment.Append(null, layer, payload).Manifest.Bytes.Span);

        Assert.Contains("\"dev.cosignproject.cosign/signature\":\"++//\"", bytes, StringComparison.Ordinal);
    }

    private static (Descriptor Layer, byte[] Payload) Layer(string text, byte[] signature)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return (CosignAttachment.CreateLayer(payload, signature), payload);
    }
}
