using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Signet.Core.Digests;

namespace Signet.Signatures.Cosign;

/// <summary>
/// The "simple signing" payload cosign and containers/image sign: the signed image's manifest digest and reference,
/// and optional annotations. The signature covers the payload bytes exactly as stored.
/// </summary>
/// <remarks>
/// Format: sigstore/sigstore <c>pkg/signature/payload/payload.go</c> (<c>SimpleContainerImage</c>). Parsing follows
/// containers/image <c>signature/internal/sigstore_payload.go</c> (<c>strictUnmarshalJSON</c>): the top level has
/// exactly <c>critical</c> and <c>optional</c>, <c>critical</c> exactly <c>identity</c>, <c>image</c>, <c>type</c>,
/// each of those exactly its one field, no duplicate keys; <c>optional</c> is <c>null</c> or an object whose
/// <c>creator</c> must be a string and <c>timestamp</c> an integer, other keys being free annotations. Signet is
/// stricter than Go in one place: a JSON <c>null</c> where a string is required is refused, not read as "".
/// </remarks>
public sealed record CosignPayload
{
    /// <summary>The only <c>critical.type</c> value.</summary>
    public const string SignatureType = "cosign container image signature";

    /// <summary>The layer media type of a payload (<c>application/vnd.dev.cosign.simplesigning.v1+json</c>).</summary>
    public const string MediaType = Core.Oci.MediaTypes.CosignSimpleSigning;

    /// <summary>The JSON nesting limit when parsing a payload (the format nests three levels).</summary>
    internal const int MaxDepth = 16;

    /// <summary><c>critical.identity.docker-reference</c>: the repository (cosign) or full reference (containers/image) signed.</summary>
    public required string DockerReference { get; init; }

    /// <summary><c>critical.image.docker-manifest-digest</c>, as written.</summary>
    public required string DockerManifestDigest { get; init; }

    /// <summary>The <c>optional</c> object's members (null when <c>optional</c> is <c>null</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Optional { get; init; }

    /// <summary><c>optional.creator</c> (containers/image writes <c>containers/image 5.23.1</c>).</summary>
    public string? Creator { get; init; }

    /// <summary><c>optional.timestamp</c>, Unix seconds, when present.</summary>
    public long? Timestamp { get; init; }

    /// <summary>
    /// Writes the payload bytes as cosign does: <c>critical</c> keys in Go struct order, <c>optional</c> <c>null</c>
    /// without annotations or an object with keys sorted (Go map order), no whitespace, Go string escaping.
    /// </summary>
    public static byte[] Create(string dockerReference, Digest manifestDigest, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dockerReference);
        var builder = new StringBuilder(256);
        builder.Append("{\"critical\":{\"identity\":{\"docker-reference\":");
        GoJsonString.AppendString(builder, dockerReference);
        builder.Append("},\"image\":{\"docker-manifest-digest\":");
        GoJsonString.AppendString(builder, manifestDigest.ToString());
        builder.Append("},\"type\":\"").Append(SignatureType).Append("\"},\"optional\":");
        if (annotations is null || annotations.Count == 0)
        {
            builder.Append("null");
        }
        else
        {
            GoJsonString.AppendSortedMap(builder, annotations);
        }

        builder.Append('}');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Parses payload bytes strictly; throws <see cref="FormatException"/> naming the offending field.</summary>
    public static CosignPayload Parse(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses payload bytes strictly, returning why they are not a valid payload.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CosignPayload? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            error = $"the payload is not valid JSON ({ex.Message})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!TryReadExact(root, "payload", ["critical", "optional"], out var top, out error))
            {
                return false;
            }

            var critical = top["critical"];
            if (!TryReadExact(critical, "critical", ["identity", "image", "type"], out var criticalFields, out error))
            {
                return false;
            }

            if (criticalFields["type"].ValueKind != JsonValueKind.String)
            {
                error = "critical.type is not a string";
                return false;
            }

            var type = criticalFields["type"].GetString();
            if (!string.Equals(type, SignatureType, StringComparison.Ordinal))
            {
                error = $"critical.type is '{Show(type)}', not '{SignatureType}'";
                return false;
            }

            if (!TryReadExact(criticalFields["image"], "critical.image", ["docker-manifest-digest"], out var image, out error)
                || !TryReadString(image, "critical.image", "docker-manifest-digest", out var digest, out error))
            {
                return false;
            }

            if (!TryReadExact(criticalFields["identity"], "critical.identity", ["docker-reference"], out var identity, out error)
                || !TryReadString(identity, "critical.identity", "docker-reference", out var reference, out error))
            {
                return false;
            }

            Dictionary<string, JsonElement>? optional = null;
            string? creator = null;
            long? timestamp = null;
            var optionalElement = top["optional"];
            if (optionalElement.ValueKind != JsonValueKind.Null)
            {
                if (optionalElement.ValueKind != JsonValueKind.Object)
                {
                    error = $"optional is a JSON {optionalElement.ValueKind.ToString().ToLowerInvariant()}, not an object or null";
                    return false;
                }

                optional = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in optionalElement.EnumerateObject())
                {
                    if (!optional.TryAdd(property.Name, property.Value.Clone()))
                    {
                        error = $"optional has the key '{Show(property.Name)}' twice";
                        return false;
                    }
                }

                if (optional.TryGetValue("creator", out var creatorElement))
                {
                    if (creatorElement.ValueKind != JsonValueKind.String)
                    {
                        error = "optional.creator is not a string";
                        return false;
                    }

                    creator = creatorElement.GetString();
                }

                if (optional.TryGetValue("timestamp", out var timestampElement))
                {
                    if (timestampElement.ValueKind != JsonValueKind.Number
                        || !double.TryParse(timestampElement.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || seconds != Math.Floor(seconds) || Math.Abs(seconds) > 253402300799)
                    {
                        error = "optional.timestamp is not an integer number of seconds";
                        return false;
                    }

                    timestamp = (long)seconds;
                }
            }

            result = new CosignPayload
            {
                DockerReference = reference,
                DockerManifestDigest = digest,
                Optional = optional,
                Creator = creator,
                Timestamp = timestamp,
            };
            error = null;
            return true;
        }
    }

    private static bool TryReadExact(JsonElement element, string path, string[] names, [NotNullWhen(true)] out Dictionary<string, JsonElement>? fields, [NotNullWhen(false)] out string? error)
    {
        fields = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = $"{path} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }

        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(names, property.Name) < 0)
            {
                error = $"{path} has the unknown field '{Show(property.Name)}' (allowed: {string.Join(", ", names)})";
                return false;
            }

            if (!found.TryAdd(property.Name, property.Value))
            {
                error = $"{path} has the field '{property.Name}' twice";
                return false;
            }
        }

        foreach (var name in names)
        {
            if (!found.ContainsKey(name))
            {
                error = $"{path} has no '{name}' field";
                return false;
            }
        }

        fields = found;
        error = null;
        return true;
    }

    private static bool TryReadString(Dictionary<string, JsonElement> fields, string path, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        var element = fields[name];
        if (element.ValueKind != JsonValueKind.String)
        {
            value = null;
            error = $"{path}.{name} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not a string";
            return false;
        }

        value = element.GetString()!;
        error = null;
        return true;
    }

    private static string Show(string? value) => value is null ? "null" : value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
