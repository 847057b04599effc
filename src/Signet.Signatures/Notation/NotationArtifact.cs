using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Envelopes;

namespace Signet.Signatures.Notation;

/// <summary>
/// The OCI artifact manifest of a Notary Project signature, byte for byte as notation-go writes it (oras-go
/// <c>PackManifestVersion1_1</c>): <c>artifactType</c>, the empty config with <c>data</c>, the envelope as the only
/// layer, the signed image as <c>subject</c>, and the thumbprint and creation-time annotations.
/// </summary>
/// <remarks>Spec "OCI Signatures"; notation-go <c>registry/repository.go</c> and <c>notation.go</c> <c>generateAnnotations</c>.</remarks>
internal static class NotationArtifact
{
    /// <summary>The manifest for an envelope; Go's JSON encoding (field order, HTML-safe escaping) is reproduced.</summary>
    public static ManifestContent CreateManifest(Descriptor subject, Descriptor envelope, IEnumerable<X509Certificate2> chain, DateTimeOffset signingTime)
    {
        var thumbprints = GoJson.QuoteArray(chain.Select(JwsEnvelope.Thumbprint));
        var empty = Descriptor.EmptyJson;
        var builder = new StringBuilder(1024);
        builder.Append("{\"schemaVersion\":2,\"mediaType\":").Append(GoJson.Quote(MediaTypes.OciManifest))
            .Append(",\"artifactType\":").Append(GoJson.Quote(MediaTypes.NotarySignature))
            .Append(",\"config\":{\"mediaType\":").Append(GoJson.Quote(empty.MediaType))
            .Append(",\"digest\":").Append(GoJson.Quote(empty.Digest.ToString()))
            .Append(",\"size\":2,\"data\":\"e30=\"}")
            .Append(",\"layers\":[");
        AppendDescriptor(builder, envelope);
        builder.Append("],\"subject\":");
        AppendDescriptor(builder, subject);
        builder.Append(",\"annotations\":");
        GoJson.WriteObject(builder,
        [
            new(NotationConstants.ThumbprintAnnotation, GoJson.Quote(thumbprints)),
            new(NotationConstants.CreatedAnnotation, GoJson.Quote(JwsEnvelope.FormatTime(signingTime))),
        ]);
        builder.Append('}');
        return ManifestContent.Parse(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    private static void AppendDescriptor(StringBuilder builder, Descriptor descriptor) =>
        builder.Append("{\"mediaType\":").Append(GoJson.Quote(descriptor.MediaType))
            .Append(",\"digest\":").Append(GoJson.Quote(descriptor.Digest.ToString()))
            .Append(",\"size\":").Append(descriptor.Size.ToString(CultureInfo.InvariantCulture))
            .Append('}');
}
