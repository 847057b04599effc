using System.Text.Json;
using Signet.Policy.Loading;
using Signet.Policy.Model;

namespace Signet.Policy.Import;

/// <summary>
/// Converts an Oracle OKE cluster image verification policy (<c>imagePolicyConfig</c>: <c>isPolicyEnabled</c>,
/// <c>keyDetails[].kmsKeyId</c>) into a Signet policy that decides the same way.
/// </summary>
/// <remarks>
/// OKE enforces signatures only for images from its own registry and lets other images through. Given the registry
/// (<c>phx.ocir.io</c>), the import scopes its rule to <c>&lt;registry&gt;/**</c> and sets <c>noMatch: allow</c>, which
/// reproduces OKE exactly; without it the rule covers every registry (<c>**</c>), stricter than OKE. Break-glass in
/// OKE is open to anyone who may create Pods; the import allows the group <c>system:authenticated</c> and warns.
/// </remarks>
public static class OkePolicyImporter
{
    /// <summary>Imports OKE policy JSON (the <c>imagePolicyConfig</c> object, a cluster with one, or OCI CLI output).</summary>
    public static PolicyImportResult Import(string json, string policyName = "oke-image-policy", string? registry = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var warnings = new List<string>();
        JsonElement config;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            if (!TryFindConfig(document.RootElement, out config))
            {
                return Failed("no imagePolicyConfig found: expected {\"imagePolicyConfig\": {\"isPolicyEnabled\": true, \"keyDetails\": [{\"kmsKeyId\": \"ocid1.key…\"}]}} or the object itself.");
            }

            config = config.Clone();
        }
        catch (JsonException ex)
        {
            return Failed($"the OKE policy is not valid JSON: {ex.Message}");
        }

        bool enabled = false;
        var keys = new List<object?>();
        foreach (var property in config.EnumerateObject())
        {
            switch (Normalize(property.Name))
            {
                case "ispolicyenabled":
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return Failed($"isPolicyEnabled is {property.Value.ValueKind}; expected true or false.");
                    }

                    enabled = property.Value.GetBoolean();
                    break;
                case "keydetails":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        return Failed("keyDetails must be a list of {\"kmsKeyId\": \"ocid1.key…\"}.");
                    }

                    var index = 0;
                    foreach (var detail in property.Value.EnumerateArray())
                    {
                        string? keyId = null;
                        if (detail.ValueKind == JsonValueKind.Object)
                        {
                            foreach (var field in detail.EnumerateObject())
                            {
                                if (Normalize(field.Name) == "kmskeyid" && field.Value.ValueKind == JsonValueKind.String)
                                {
                                    keyId = field.Value.GetString();
                                }
                                else
                                {
                                    warnings.Add($"keyDetails[{index}].{field.Name} has no Signet equivalent and was ignored.");
                                }
                            }
                        }

                        if (string.IsNullOrWhiteSpace(keyId))
                        {
                            return Failed($"keyDetails[{index}] has no kmsKeyId.");
                        }

                        keys.Add(DistinctKey(keys, keyId, warnings));
                        index++;
                    }

                    break;
                default:
                    warnings.Add($"imagePolicyConfig.{property.Name} has no Signet equivalent and was ignored.");
                    break;
            }
        }

        keys.RemoveAll(k => k is null);
        string scope;
        NoMatchAction noMatch;
        if (registry is not null)
        {
            scope = registry.TrimEnd('/') + "/**";
            noMatch = NoMatchAction.Allow;
        }
        else
        {
            scope = "**";
            noMatch = NoMatchAction.Deny;
            warnings.Add("no registry was given, so the rule covers images from every registry; OKE only enforces its own registry (pass the registry, e.g. phx.ocir.io, to reproduce OKE with noMatch: allow).");
        }

        warnings.Add("OKE lets anyone who can create Pods use the break-glass annotation; the import allows the group system:authenticated to keep that behaviour. Narrow spec.breakGlass.allowedGroups to the on-call group.");
        if (enabled && keys.Count == 0)
        {
            warnings.Add("the OKE policy is enabled with no keys, which admits every image, signed or unsigned (OKE semantics, kept).");
        }

        var rule = PolicyDocumentWriter.Map(
            ("name", "oke"),
            ("scope", new List<object?> { scope }),
            ("mode", "enforce"),
            ("trust", PolicyDocumentWriter.Map(("vaultKeys", keys))));
        var documentMap = PolicyDocumentWriter.Map(
            ("apiVersion", ImageVerificationPolicy.ApiVersion),
            ("kind", ImageVerificationPolicy.Kind),
            ("metadata", PolicyDocumentWriter.Map(("name", policyName))),
            ("spec", PolicyDocumentWriter.Map(
                ("enabled", enabled),
                ("noMatch", noMatch.ToString().ToLowerInvariant()),
                ("requireDigest", true),
                ("breakGlass", PolicyDocumentWriter.Map(("allowedGroups", new List<object?> { "system:authenticated" }))),
                ("rules", new List<object?> { rule }))));
        var yaml = PolicyDocumentWriter.Write(documentMap, ["Imported from an OKE imagePolicyConfig by signet policy import oke."]);
        return new PolicyImportResult { Yaml = yaml, Load = PolicyLoader.Parse(yaml, "imported-oke-policy.yaml"), Warnings = warnings };
    }

    private static string? DistinctKey(List<object?> keys, string keyId, List<string> warnings)
    {
        if (keys.Contains(keyId))
        {
            warnings.Add($"the key {keyId} is listed twice; kept once.");
            return null;
        }

        return keyId;
    }

    private static bool TryFindConfig(JsonElement element, out JsonElement config)
    {
        config = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = Normalize(property.Name);
            if (name is "ispolicyenabled" or "keydetails")
            {
                config = element;
                return true;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = Normalize(property.Name);
            if (name == "imagepolicyconfig" && property.Value.ValueKind == JsonValueKind.Object)
            {
                config = property.Value;
                return true;
            }

            if (name == "data" && TryFindConfig(property.Value, out config))
            {
                return true;
            }
        }

        return false;
    }

    // OKE's API uses camelCase, the OCI CLI kebab-case: compare without separators or case.
    private static string Normalize(string name) => name.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static PolicyImportResult Failed(string error) =>
        new() { Yaml = string.Empty, Load = new PolicyLoadResult(), Warnings = [], Errors = [error] };
}
