using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// A Notary Project OCI trust policy document (version 1.0): statements that bind registry scopes to a verification
/// level, trust stores and trusted identities.
/// </summary>
/// <remarks>
/// https://github.com/notaryproject/specifications/blob/main/specs/trust-store-trust-policy.md#trust-policy; validation
/// follows notation-go <c>verifier/trustpolicy/trustpolicy.go</c> and <c>oci.go</c>. Every error of a document is
/// reported at once. One stricter rule than notation-go: a statement may not list the same trust store twice.
/// </remarks>
public sealed partial class TrustPolicyDocument
{
    /// <summary>The only supported document version.</summary>
    public const string SupportedVersion = "1.0";

    /// <summary>The largest document accepted (bytes of JSON).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    private const string X509SubjectPrefix = "x509.subject";

    private static readonly string[] s_mandatoryAttributes = ["C", "ST", "O"];

    private TrustPolicyDocument(IReadOnlyList<TrustPolicyStatement> statements) => Statements = statements;

    /// <summary>The statements, in document order.</summary>
    public IReadOnlyList<TrustPolicyStatement> Statements { get; }

    /// <summary>Parses and validates a document; throws <see cref="FormatException"/> listing every error.</summary>
    public static TrustPolicyDocument Parse(string json) =>
        TryParse(json, out var document, out var errors)
            ? document
            : throw new FormatException("The trust policy document is invalid: " + string.Join(" ", errors));

    /// <summary>Parses and validates a document; false with every error found.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out TrustPolicyDocument? document, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(json);
        document = null;
        var found = new List<string>();
        errors = found;
        if (json.Length > MaxDocumentBytes)
        {
            found.Add($"The document is larger than {MaxDocumentBytes} bytes.");
            return false;
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            found.Add($"The trust policy is not valid JSON: {ex.Message}");
            return false;
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                found.Add("The trust policy must be a JSON object.");
                return false;
            }

            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (version != SupportedVersion)
            {
                found.Add($"The trust policy document uses the unsupported version '{version}'; supported: \"{SupportedVersion}\".");
            }

            if (!root.TryGetProperty("trustPolicies", out var policies) || policies.ValueKind != JsonValueKind.Array || policies.GetArrayLength() == 0)
            {
                found.Add("The trust policy document has no statements in 'trustPolicies'.");
                return false;
            }

            var statements = new List<TrustPolicyStatement>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var scopes = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in policies.EnumerateArray())
            {
                var statement = ParseStatement(element, index++, found);
                if (statement is null)
                {
                    continue;
                }

                if (!names.Add(statement.Name))
                {
                    found.Add($"Multiple trust policy statements use the same name '{statement.Name}'; statement names must be unique.");
                }

                foreach (var scope in statement.RegistryScopes)
                {
                    if (!scopes.Add(scope))
                    {
                        found.Add($"The registry scope '{scope}' is present in multiple trust policy statements; a registry scope can only be associated with one statement.");
                    }
                }

                statements.Add(statement);
            }

            if (found.Count > 0)
            {
                return false;
            }

            document = new TrustPolicyDocument(statements);
            return true;
        }
    }

    /// <summary>
    /// The statement that applies to a repository (<c>registry/repository</c>): the one naming it exactly, else the
    /// global <c>*</c> statement, else null ("no applicable trust policy").
    /// </summary>
    public TrustPolicyStatement? FindStatement(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return Statements.FirstOrDefault(s => s.RegistryScopes.Contains(repository, StringComparer.Ordinal))
            ?? Statements.FirstOrDefault(s => s.IsGlobal);
    }

    private static TrustPolicyStatement? ParseStatement(JsonElement element, int index, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"Trust policy statement #{index} is not a JSON object.");
            return null;
        }

        var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
        if (name.Trim().Length == 0)
        {
            errors.Add($"Trust policy statement #{index} is missing a name; every statement requires a name.");
            return null;
        }

        var before = errors.Count;
        var registryScopes = ReadStrings(element, "registryScopes", name, errors);
        var trustStoreValues = ReadStrings(element, "trustStores", name, errors);
        var identities = ReadStrings(element, "trustedIdentities", name, errors);

        var level = VerificationLevel.Strict;
        var overrides = new Dictionary<VerificationCheck, ValidationAction>();
        var verifyTimestamp = TimestampVerification.Always;
        if (!element.TryGetProperty("signatureVerification", out var verification) || verification.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"Trust policy statement '{name}' has no 'signatureVerification' object.");
        }
        else
        {
            var levelName = verification.TryGetProperty("level", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (!Enum.TryParse(levelName, ignoreCase: true, out level) || !Enum.IsDefined(level) || levelName!.Any(char.IsDigit))
            {
                errors.Add($"Trust policy statement '{name}' uses the invalid signatureVerification level '{levelName}'; use strict, permissive, audit or skip.");
            }

            if (verification.TryGetProperty("override", out var overrideElement) && overrideElement.ValueKind != JsonValueKind.Null)
            {
                ParseOverrides(overrideElement, name, level, overrides, errors);
            }

            if (verification.TryGetProperty("verifyTimestamp", out var vt) && vt.ValueKind != JsonValueKind.Null)
            {
                var value = vt.ValueKind == JsonValueKind.String ? vt.GetString() : null;
                verifyTimestamp = value switch
                {
                    "" or "always" => TimestampVerification.Always,
                    "afterCertExpiry" => TimestampVerification.AfterCertExpiry,
                    _ => Fail(TimestampVerification.Always, $"Trust policy statement '{name}' has the invalid verifyTimestamp '{value}'; use \"always\" or \"afterCertExpiry\".", errors),
                };
            }
        }

        ValidateRegistryScopes(name, registryScopes, errors);
        if (level == VerificationLevel.Skip)
        {
            if (trustStoreValues.Count > 0 || identities.Count > 0)
            {
                errors.Add($"Trust policy statement '{name}' is set to skip signature verification but configures trust stores and/or trusted identities; remove them.");
            }
        }
        else if (trustStoreValues.Count == 0 || identities.Count == 0)
        {
            errors.Add($"Trust policy statement '{name}' is either missing trust stores or trusted identities; both must be specified.");
        }

        var trustStores = ParseTrustStores(name, trustStoreValues, errors);
        ValidateIdentities(name, identities, errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new TrustPolicyStatement
        {
            Name = name,
            RegistryScopes = registryScopes,
            Level = level,
            Overrides = overrides,
            VerifyTimestamp = verifyTimestamp,
            TrustStores = trustStores,
            TrustedIdentities = identities,
        };
    }

    private static void ParseOverrides(JsonElement element, string name, VerificationLevel level, Dictionary<VerificationCheck, ValidationAction> overrides, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"Trust policy statement '{name}' has an 'override' that is not an object.");
            return;
        }

        if (level == VerificationLevel.Skip && element.EnumerateObject().Any())
        {
            errors.Add($"Trust policy statement '{name}' uses the skip level, which cannot be overridden.");
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            VerificationCheck? check = property.Name switch
            {
                "integrity" => VerificationCheck.Integrity,
                "authenticity" => VerificationCheck.Authenticity,
                "authenticTimestamp" => VerificationCheck.AuthenticTimestamp,
                "expiry" => VerificationCheck.Expiry,
                "revocation" => VerificationCheck.Revocation,
                _ => null,
            };
            if (check is null)
            {
                errors.Add($"Trust policy statement '{name}' overrides the unknown check '{property.Name}'; use authenticity, authenticTimestamp, expiry or revocation.");
                continue;
            }

            if (check == VerificationCheck.Integrity)
            {
                errors.Add($"Trust policy statement '{name}': the \"integrity\" verification can not be overridden.");
                continue;
            }

            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()?.ToLowerInvariant() : null;
            ValidationAction? action = value switch
            {
                "enforce" => ValidationAction.Enforce,
                "log" => ValidationAction.Log,
                "skip" => ValidationAction.Skip,
                _ => null,
            };
            if (action is null)
            {
                errors.Add($"Trust policy statement '{name}' uses the invalid action '{property.Value}' for '{property.Name}'; use enforce, log or skip.");
            }
            else if (action == ValidationAction.Skip && check != VerificationCheck.Revocation)
            {
                errors.Add($"Trust policy statement '{name}': the \"{property.Name}\" verification can not be skipped; only revocation can.");
            }
            else
            {
                overrides[check.Value] = action.Value;
            }
        }
    }

    private static void ValidateRegistryScopes(string name, List<string> scopes, List<string> errors)
    {
        if (scopes.Count == 0)
        {
            errors.Add($"Trust policy statement '{name}' has zero registry scopes; it must specify registry scopes.");
            return;
        }

        if (scopes.Contains("*") && scopes.Count > 1)
        {
            errors.Add($"Trust policy statement '{name}' uses the wildcard registry scope '*', which cannot be combined with other values.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (scope == "*")
            {
                continue;
            }

            if (!seen.Add(scope))
            {
                errors.Add($"The registry scope '{scope}' is present in multiple trust policy statements (twice in '{name}'); a registry scope can only be associated with one statement.");
                continue;
            }

            var slash = scope.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == scope.Length - 1 || !Domain().IsMatch(scope[..slash]) || !Repository().IsMatch(scope[(slash + 1)..]))
            {
                errors.Add($"Trust policy statement '{name}': the registry scope '{scope}' is not valid; use the format <registry>/<repository> without tag or digest, e.g. \"registry.example.com/app\".");
            }
        }
    }

    private static List<TrustStoreReference> ParseTrustStores(string name, IReadOnlyList<string> values, List<string> errors)
    {
        var stores = new List<TrustStoreReference>();
        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                errors.Add($"Trust policy statement '{name}' has the malformed trust store value '{value}'; use \"<type>:<name>\" with type ca, signingAuthority or tsa.");
                continue;
            }

            var typeName = value[..colon];
            var storeName = value[(colon + 1)..];
            if (!TrustStoreTypes.TryParse(typeName, out var type))
            {
                errors.Add($"Trust policy statement '{name}' uses the unsupported trust store type '{typeName}' in '{value}'; use ca, signingAuthority or tsa.");
                continue;
            }

            if (!StoreName().IsMatch(storeName))
            {
                errors.Add($"Trust policy statement '{name}' uses the unsupported trust store name '{storeName}' in '{value}'; names match [a-zA-Z0-9_.-]+.");
                continue;
            }

            var reference = new TrustStoreReference(type, storeName);
            if (stores.Contains(reference))
            {
                errors.Add($"Trust policy statement '{name}' lists the trust store '{value}' more than once.");
                continue;
            }

            stores.Add(reference);
        }

        return stores;
    }

    private static void ValidateIdentities(string name, List<string> identities, List<string> errors)
    {
        if (identities.Contains("*") && identities.Count > 1)
        {
            errors.Add($"Trust policy statement '{name}' uses the wildcard trusted identity '*', which cannot be combined with other values.");
            return;
        }

        var subjects = new List<(string Identity, Dictionary<string, string> Dn)>();
        foreach (var identity in identities)
        {
            if (identity == "*")
            {
                continue;
            }

            if (identity.Length == 0)
            {
                errors.Add($"Trust policy statement '{name}' has an empty trusted identity.");
                continue;
            }

            var colon = identity.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                errors.Add($"Trust policy statement '{name}' has the trusted identity '{identity}' without the separator ':'; use \"x509.subject: <DN>\".");
                continue;
            }

            if (identity[..colon] != X509SubjectPrefix)
            {
                // Other identity types belong to plugins; notation ignores them here and so does Signet.
                continue;
            }

            var dnText = identity[(colon + 1)..].Trim();
            if (!DistinguishedName.TryParse(dnText, out var dn, out var error))
            {
                errors.Add($"Trust policy statement '{name}' has the invalid x509.subject identity '{identity}': {error}.");
                continue;
            }

            var missing = s_mandatoryAttributes.Where(k => !dn.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"Trust policy statement '{name}' has the x509.subject identity '{identity}', whose DN has no mandatory RDN attribute for {string.Join(", ", missing.Select(m => $"\"{m}\""))}; it must contain C, ST and O.");
                continue;
            }

            subjects.Add((identity, dn));
        }

        for (var i = 0; i < subjects.Count; i++)
        {
            for (var j = i + 1; j < subjects.Count; j++)
            {
                if (DistinguishedName.IsSubset(subjects[i].Dn, subjects[j].Dn) || DistinguishedName.IsSubset(subjects[j].Dn, subjects[i].Dn))
                {
                    errors.Add($"Trust policy statement '{name}' has overlapping x509 trustedIdentities '{subjects[i].Identity}' and '{subjects[j].Identity}'; make them distinct.");
                }
            }
        }
    }

    private static List<string> ReadStrings(JsonElement element, string property, string name, List<string> errors)
    {
        var values = new List<string>();
        if (!element.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return values;
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            errors.Add($"Trust policy statement '{name}': '{property}' must be an array of strings.");
            return values;
        }

        values.AddRange(array.EnumerateArray().Select(e => e.GetString()!));
        return values;
    }

    private static T Fail<T>(T value, string error, List<string> errors)
    {
        errors.Add(error);
        return value;
    }

    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+)?(?::[0-9]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Domain();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)*)?(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)*)?)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Repository();

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex StoreName();
}
