using System.Text.Json.Serialization;
using Signet.Webhook.Gatekeeper;

namespace Signet.Webhook.Admission;

/// <summary>
/// Source-generated serialization of the webhook's wire types. Duplicate properties are rejected so that two
/// spellings of one field can never make Signet judge one value while the API server stores another.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    MaxDepth = 128)]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(ProviderRequest))]
[JsonSerializable(typeof(ProviderResponse))]
[JsonSerializable(typeof(RatifyVerificationResult))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(AuditImage))]
[JsonSerializable(typeof(RequestError))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
