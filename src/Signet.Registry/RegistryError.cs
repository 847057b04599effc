using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signet.Registry;

/// <summary>One entry of a registry's error body (<c>{"errors":[{"code","message","detail"}]}</c>).</summary>
/// <remarks>https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes</remarks>
public sealed record RegistryError
{
    /// <summary>The registry's error code (<c>MANIFEST_UNKNOWN</c>, <c>UNAUTHORIZED</c>, <c>DENIED</c>…).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>The registry's message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Unstructured detail, kept as JSON.</summary>
    [JsonPropertyName("detail")]
    public JsonElement? Detail { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var detail = Detail is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } d ? " (" + Truncate(d.GetRawText()) + ")" : string.Empty;
        return $"{Code}: {Message}{detail}";
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : string.Concat(value.AsSpan(0, 197), "...");
}

/// <summary>The error body a registry returns.</summary>
internal sealed record RegistryErrorList
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<RegistryError>? Errors { get; init; }
}
