using System.Globalization;
using System.Text;
using System.Text.Json;
using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Signatures.Notation.Envelopes;

namespace Signet.Signatures.Notation;

/// <summary>
/// The Notary Project payload <c>{"targetArtifact": &lt;descriptor&gt;}</c>
/// (<c>application/vnd.cncf.notary.payload.v1+json</c>; spec "Payload").
/// </summary>
internal static class NotationPayload
{
    /// <summary>The largest payload parsed.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    /// <summary>
    /// The payload notation-go writes: the descriptor reduced to mediaType, digest, size and annotations, in Go
    /// struct order (JWS signing then re-encodes it with sorted keys).
    /// </summary>
    public static byte[] Create(Descriptor subject, IReadOnlyDictionary<string, string>? annotations)
    {
        var builder = new StringBuilder(256);
        builder.Append("{\"targetArtifact\":{\"mediaType\":").Append(GoJson.Quote(subject.MediaType))
            .Append(",\"digest\":").Append(GoJson.Quote(subject.Digest.ToString()))
            .Append(",\"size\":").Append(subject.Size.ToString(CultureInfo.InvariantCulture));
        if (annotations is { Count: > 0 })
        {
            builder.Append(",\"annotations\":");
            GoJson.WriteObject(builder, annotations.Select(a => new KeyValuePair<string, string>(a.Key, GoJson.Quote(a.Value))));
        }

        builder.Append("}}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Reads the target artifact descriptor; null with the reason when the payload is not a valid Notary payload.</summary>
    public static Descriptor? TryParse(ReadOnlyMemory<byte> payload, out string? error)
    {
        error = null;
        if (payload.Length > MaxPayloadBytes)
        {
            error = $"the payload is {payload.Length} bytes; the limit is {MaxPayloadBytes}";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("targetArtifact", out var target)
                || target.ValueKind != JsonValueKind.Object)
            {
                error = "the payload has no 'targetArtifact' object";
                return null;
            }

            if (!target.TryGetProperty("mediaType", out var mediaType) || mediaType.ValueKind != JsonValueKind.String || mediaType.GetString()!.Length == 0
                || !target.TryGetProperty("digest", out var digestElement) || digestElement.ValueKind != JsonValueKind.String
                || !target.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number || !sizeElement.TryGetInt64(out var size) || size < 0)
            {
                error = "the payload's targetArtifact must have 'mediaType', 'digest' and a non-negative integer 'size'";
                return null;
            }

            if (!Digest.TryParse(digestElement.GetString(), out var digest, out var digestError))
            {
                error = $"the payload's targetArtifact digest is invalid: {digestError}";
                return null;
            }

            Dictionary<string, string>? annotations = null;
            if (target.TryGetProperty("annotations", out var annotationsElement) && annotationsElement.ValueKind == JsonValueKind.Object)
            {
                annotations = annotationsElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .GroupBy(p => p.Name, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Last().Value.GetString()!, StringComparer.Ordinal);
            }

            return new Descriptor { MediaType = mediaType.GetString()!, Digest = digest, Size = size, Annotations = annotations };
        }
        catch (JsonException ex)
        {
            error = $"the payload is not valid JSON: {ex.Message}";
            return null;
        }
    }
}
