using System.Globalization;
using System.Text;
using Signet.Core.Oci;

namespace Signet.Signatures.Cosign;

/// <summary>
/// Serializes an OCI image manifest exactly as Go's <c>encoding/json</c> does with the image-spec structs
/// (<c>specs-go/v1</c>): field order <c>schemaVersion, mediaType, artifactType, config, layers, subject, annotations</c>,
/// empty fields omitted, map keys sorted, Go escaping. What cosign, containers/image and oras write, byte for byte.
/// </summary>
internal static class OciManifestWriter
{
    /// <summary>The manifest's bytes.</summary>
    public static byte[] Write(ImageManifest manifest)
    {
        var builder = new StringBuilder(512);
        builder.Append("{\"schemaVersion\":").Append(manifest.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        if (manifest.MediaType is not null)
        {
            builder.Append(",\"mediaType\":").Append(GoJsonString.Quote(manifest.MediaType));
        }

        if (manifest.ArtifactType is not null)
        {
            builder.Append(",\"artifactType\":").Append(GoJsonString.Quote(manifest.ArtifactType));
        }

        builder.Append(",\"config\":");
        WriteDescriptor(builder, manifest.Config);
        builder.Append(",\"layers\":[");
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteDescriptor(builder, manifest.Layers[i]);
        }

        builder.Append(']');
        if (manifest.Subject is not null)
        {
            builder.Append(",\"subject\":");
            WriteDescriptor(builder, manifest.Subject);
        }

        if (manifest.Annotations is { Count: > 0 })
        {
            builder.Append(",\"annotations\":");
            GoJsonString.AppendSortedMap(builder, manifest.Annotations);
        }

        builder.Append('}');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void WriteDescriptor(StringBuilder builder, Descriptor descriptor)
    {
        builder.Append("{\"mediaType\":").Append(GoJsonString.Quote(descriptor.MediaType))
            .Append(",\"digest\":").Append(GoJsonString.Quote(descriptor.Digest.ToString()))
            .Append(",\"size\":").Append(descriptor.Size.ToString(CultureInfo.InvariantCulture));
        if (descriptor.Urls is { Count: > 0 })
        {
            builder.Append(",\"urls\":[").AppendJoin(',', descriptor.Urls.Select(GoJsonString.Quote)).Append(']');
        }

        if (descriptor.Annotations is { Count: > 0 })
        {
            builder.Append(",\"annotations\":");
            GoJsonString.AppendSortedMap(builder, descriptor.Annotations);
        }

        if (descriptor.Data is { Length: > 0 })
        {
            builder.Append(",\"data\":\"").Append(Convert.ToBase64String(descriptor.Data)).Append('"');
        }

        if (descriptor.ArtifactType is not null)
        {
            builder.Append(",\"artifactType\":").Append(GoJsonString.Quote(descriptor.ArtifactType));
        }

        builder.Append('}');
    }
}
