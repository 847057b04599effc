using System.Text.Json.Serialization;

namespace Signet.Registry.Http;

/// <summary>Source-generated JSON metadata for the registry's own documents (errors, tokens, tag lists).</summary>
[JsonSourceGenerationOptions(MaxDepth = 32)]
[JsonSerializable(typeof(RegistryErrorList))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TagList))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;

/// <summary>A token endpoint's answer (<c>token</c> and <c>access_token</c> are synonyms).</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public DateTimeOffset? IssuedAt { get; init; }
}

/// <summary>The body of <c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed record TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }
}
