using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Signet.Signatures.Vault;

/// <summary>
/// The message a vault-key signature signs, modelled on Oracle's registry image signatures: what was signed (image
/// digest and repository), with which key version and algorithm, where (region), and free description and metadata.
/// </summary>
/// <remarks>
/// Encoding (oracle/oci-cli <c>artifacts_cli_extended.py</c> <c>sign_and_upload_container_image_signature_metadata</c>):
/// the compact JSON object with exactly these members in this order, as Python's
/// <c>json.dumps(message, separators=(',', ':'))</c> writes it (ASCII only, see <see cref="PythonJson"/>).
/// <c>metadata</c> is a JSON <em>string</em>: <c>""</c> or a compact JSON object with sorted alphanumeric keys.
/// Verifiers accept only this canonical form, so one message has exactly one encoding.
/// </remarks>
public sealed record VaultSignatureMessage
{
    /// <summary>The largest <c>metadata</c> string accepted.</summary>
    public const int MaxMetadataLength = 4096;

    private static readonly string[] s_fields =
        ["description", "imageDigest", "kmsKeyId", "kmsKeyVersionId", "metadata", "region", "repositoryName", "signingAlgorithm"];

    /// <summary>Free text from the signer ("" when none).</summary>
    public required string Description { get; init; }

    /// <summary>The signed manifest or index digest (<c>sha256:…</c>).</summary>
    public required string ImageDigest { get; init; }

    /// <summary>The key vault's key id.</summary>
    public required string KmsKeyId { get; init; }

    /// <summary>The key version that signed.</summary>
    public required string KmsKeyVersionId { get; init; }

    /// <summary>"" or a compact JSON object with sorted alphanumeric keys, as a string.</summary>
    public required string Metadata { get; init; }

    /// <summary>Signet's configured region name (<c>local</c> by default).</summary>
    public required string Region { get; init; }

    /// <summary>The repository path the image was signed in (<c>team/app</c>, without the registry host).</summary>
    public required string RepositoryName { get; init; }

    /// <summary>The algorithm name (<c>SHA_256_RSA_PKCS_PSS</c>…).</summary>
    public required string SigningAlgorithm { get; init; }

    /// <summary>The canonical message bytes: the exact bytes that are signed.</summary>
    public byte[] ToBytes()
    {
        var builder = new StringBuilder(512);
        string[] values = [Description, ImageDigest, KmsKeyId, KmsKeyVersionId, Metadata, Region, RepositoryName, SigningAlgorithm];
        builder.Append('{');
        for (var i = 0; i < s_fields.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append('"').Append(s_fields[i]).Append("\":");
            PythonJson.AppendString(builder, values[i] ?? string.Empty);
        }

        builder.Append('}');
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>
    /// Builds the <c>metadata</c> string from key/value pairs: keys sorted, each key 1-128 ASCII letters or digits.
    /// Returns "" for no pairs. Throws <see cref="ArgumentException"/> naming a bad key.
    /// </summary>
    public static string CreateMetadata(IReadOnlyDictionary<string, string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!IsAlphanumericKey(key))
            {
                throw new ArgumentException($"The metadata key '{key}' is invalid: keys are 1 to 128 ASCII letters or digits.", nameof(values));
            }

            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            PythonJson.AppendString(builder, key);
            builder.Append(':');
            PythonJson.AppendString(builder, value ?? string.Empty);
        }

        var metadata = builder.Append('}').ToString();
        return metadata.Length <= MaxMetadataLength
            ? metadata
            : throw new ArgumentException($"The metadata is {metadata.Length} characters once encoded; the limit is {MaxMetadataLength}.", nameof(values));
    }

    /// <summary>
    /// True when <paramref name="metadata"/> is "" or a JSON object with unique, sorted, alphanumeric keys written
    /// compactly (no whitespace between tokens), as Oracle's CLI requires.
    /// </summary>
    public static bool IsValidMetadata(string metadata, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        error = null;
        if (metadata.Length == 0)
        {
            return true;
        }

        if (metadata.Length > MaxMetadataLength)
        {
            error = $"metadata is {metadata.Length} characters; the limit is {MaxMetadataLength}";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(metadata, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "metadata is not a JSON object";
                return false;
            }

            string? previous = null;
            var compact = new StringBuilder("{");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!IsAlphanumericKey(property.Name))
                {
                    error = $"the metadata key '{Show(property.Name)}' is not 1 to 128 ASCII letters or digits";
                    return false;
                }

                if (previous is not null && string.CompareOrdinal(previous, property.Name) >= 0)
                {
                    error = $"the metadata keys are not sorted and unique ('{previous}' then '{property.Name}')";
                    return false;
                }

                if (previous is not null)
                {
                    compact.Append(',');
                }

                previous = property.Name;
                PythonJson.AppendString(compact, property.Name);
                compact.Append(':');
                AppendCompact(compact, property.Value);
            }

            if (!string.Equals(compact.Append('}').ToString(), metadata, StringComparison.Ordinal))
            {
                error = "metadata is not written compactly (whitespace between tokens, or escapes json.dumps would not write)";
                return false;
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = $"metadata is not valid JSON ({ex.Message})";
            return false;
        }
    }

    /// <summary>
    /// Parses signed message bytes: exactly the eight string members, canonical encoding (re-encoding gives the same
    /// bytes), valid metadata. Returns why not otherwise.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out VaultSignatureMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var values = new string?[s_fields.Length];
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the message is not a JSON object";
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var index = Array.IndexOf(s_fields, property.Name);
                if (index < 0)
                {
                    error = $"the message has the unknown member '{Show(property.Name)}' (allowed: {string.Join(", ", s_fields)})";
                    return false;
                }

                if (values[index] is not null)
                {
                    error = $"the message has the member '{property.Name}' twice";
                    return false;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    error = $"the message member '{property.Name}' is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}, not a string";
                    return false;
                }

                values[index] = property.Value.GetString();
            }
        }
        catch (JsonException ex)
        {
            error = $"the message is not valid JSON ({ex.Message})";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            error = $"the message has an invalid string ({ex.Message})";
            return false;
        }

        var missing = s_fields.Where((_, i) => values[i] is null).ToList();
        if (missing.Count > 0)
        {
            error = $"the message lacks {string.Join(", ", missing)}";
            return false;
        }

        var parsed = new VaultSignatureMessage
        {
            Description = values[0]!,
            ImageDigest = values[1]!,
            KmsKeyId = values[2]!,
            KmsKeyVersionId = values[3]!,
            Metadata = values[4]!,
            Region = values[5]!,
            RepositoryName = values[6]!,
            SigningAlgorithm = values[7]!,
        };
        if (!bytes.SequenceEqual(parsed.ToBytes()))
        {
            error = "the message is not in canonical form (member order, whitespace or escaping differs from json.dumps with separators=(',', ':'))";
            return false;
        }

        if (!IsValidMetadata(parsed.Metadata, out var metadataError))
        {
            error = metadataError;
            return false;
        }

        message = parsed;
        error = null;
        return true;
    }

    private static void AppendCompact(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                PythonJson.AppendString(builder, element.GetString()!);
                break;
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    PythonJson.AppendString(builder, property.Name);
                    builder.Append(':');
                    AppendCompact(builder, property.Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        builder.Append(',');
                    }

                    firstItem = false;
                    AppendCompact(builder, item);
                }

                builder.Append(']');
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    private static bool IsAlphanumericKey(string key) =>
        key.Length is > 0 and <= 128 && key.All(char.IsAsciiLetterOrDigit);

    private static string Show(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
