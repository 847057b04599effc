using System.Text.Json.Serialization;

namespace Signet.Policy.Verdicts;

/// <summary>Source-generated JSON for verdicts (enums as strings, camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyDecision))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
