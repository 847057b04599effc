using Signet.Policy.Loading;
using Signet.Policy.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Policy.Import;

/// <summary>
/// Converts Ratify resources (<c>config.ratify.deislabs.io</c>: <c>CertificateStore</c>/<c>KeyManagementProvider</c>
/// with inline certificates, <c>Store</c> <c>oras</c>, <c>Verifier</c> <c>notation</c> with <c>trustPolicyDoc</c>) into
/// a Signet policy: one rule per notation verifier, its trust stores filled from the referenced certificate stores.
/// </summary>
/// <remarks>
/// Ratify verifies whatever Gatekeeper's constraint sends it; that scoping (namespaces, excluded images) lives in the
/// Gatekeeper constraint, not in these resources, so the rule covers every image (<c>**</c>) with <c>noMatch: deny</c>
/// and a warning says so.
/// </remarks>
public static class RatifyPolicyImporter
{
    /// <summary>Imports a multi-document YAML of Ratify resources.</summary>
    public static PolicyImportResult Import(string yaml, string policyName = "ratify-image-policy")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var warnings = new List<string>();
        var stream = new YamlStream();
        try
        {
            if (PolicyLoader.FindUnsafeYaml(yaml) is { } unsafeYaml)
            {
                return Failed(unsafeYaml);
            }

            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return Failed($"line {ex.Start.Line}, column {ex.Start.Column}: the Ratify resources are not valid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        var certificateStores = new Dictionary<string, string>(StringComparer.Ordinal);
        var verifiers = new List<(string Name, YamlMappingNode Parameters)>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            var kind = Text(root, "kind") ?? "(no kind)";
            var name = Text(Child(root, "metadata"), "name") ?? "(unnamed)";
            var spec = Child(root, "spec");
            var apiVersion = Text(root, "apiVersion") ?? string.Empty;
            if (!apiVersion.StartsWith("config.ratify.deislabs.io/", StringComparison.Ordinal))
            {
                warnings.Add($"{kind} {name}: apiVersion '{apiVersion}' is not a Ratify resource; ignored.");
                continue;
            }

            switch (kind)
            {
                case "CertificateStore":
                case "NamespacedCertificateStore":
                case "KeyManagementProvider":
                case "NamespacedKeyManagementProvider":
                    ReadCertificateStore(kind, name, spec, certificateStores, warnings);
                    break;
                case "Store":
                case "NamespacedStore":
                    var storeName = Text(spec, "name");
                    if (storeName != "oras")
                    {
                        warnings.Add($"Store {name}: store '{storeName}' is not supported; Signet reads signatures from the OCI registry itself (referrers API and cosign tags).");
                    }

                    foreach (var key in Child(spec, "parameters")?.Children.Keys ?? Enumerable.Empty<YamlNode>())
                    {
                        warnings.Add($"Store {name}: parameter '{key}' has no policy equivalent (registry access is configured on the Signet webhook, and cosign signatures are always read).");
                    }

                    break;
                case "Verifier":
                case "NamespacedVerifier":
                    var verifierName = Text(spec, "name") ?? Text(spec, "type");
                    if (verifierName is "notation" or "notaryv2" or "notary")
                    {
                        verifiers.Add((name, Child(spec, "parameters") ?? new YamlMappingNode()));
                    }
                    else
                    {
                        warnings.Add($"Verifier {name}: verifier '{verifierName}' is not mapped; for cosign, add the public keys to a rule's trust.cosign.keys by hand.");
                    }

                    break;
                default:
                    warnings.Add($"{kind} {name}: no Signet equivalent; ignored (Signet's noMatch, rule modes and exemptions replace Ratify's Policy resource).");
                    break;
            }
        }

        if (verifiers.Count == 0)
        {
            return Failed("no notation Verifier found; nothing to import.");
        }

        var rules = new List<object?>();
        foreach (var (name, parameters) in verifiers)
        {
            var trustPolicy = Child(parameters, "trustPolicyDoc");
            if (trustPolicy is null)
            {
                return Failed($"Verifier {name} has no parameters.trustPolicyDoc.");
            }

            if (parameters.Children.ContainsKey(new YamlScalarNode("verificationCerts")))
            {
                warnings.Add($"Verifier {name}: verificationCerts names paths inside the Ratify pod; copy those certificates into a trust store directory and reference it from notation.trustStores.directory.");
            }

            var inline = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (Child(parameters, "verificationCertStores") is { } stores)
            {
                foreach (var (storeKey, storeValue) in stores.Children)
                {
                    var storeKeyText = (storeKey as YamlScalarNode)?.Value ?? string.Empty;
                    if (storeValue is YamlSequenceNode legacyList)
                    {
                        // Older form: <storeName>: [certstore…], type ca.
                        AddStore(inline, "ca:" + storeKeyText, legacyList, certificateStores, name, warnings);
                    }
                    else if (storeValue is YamlMappingNode byName)
                    {
                        foreach (var (nameKey, list) in byName.Children)
                        {
                            AddStore(inline, storeKeyText + ":" + (nameKey as YamlScalarNode)?.Value, list as YamlSequenceNode, certificateStores, name, warnings);
                        }
                    }
                }
            }

            foreach (var (key, _) in parameters.Children)
            {
                var text = (key as YamlScalarNode)?.Value;
                if (text is not ("trustPolicyDoc" or "verificationCertStores" or "verificationCerts"))
                {
                    warnings.Add($"Verifier {name}: parameter '{text}' has no Signet equivalent; ignored.");
                }
            }

            rules.Add(PolicyDocumentWriter.Map(
                ("name", "ratify-" + name),
                ("scope", new List<object?> { "**" }),
                ("mode", "enforce"),
                ("trust", PolicyDocumentWriter.Map(("notation", PolicyDocumentWriter.Map(
                    ("trustPolicy", ToObject(trustPolicy)),
                    ("trustStores", PolicyDocumentWriter.Map(("inline", inline)))))))));
        }

        if (rules.Count > 1)
        {
            warnings.Add("several notation verifiers were found; Ratify runs them all, Signet's most-specific-rule selection would keep only one per image, so each became a rule with scope '**' — merge them into one before use.");
        }

        warnings.Add("Ratify's scope comes from the Gatekeeper constraint (namespaces, excluded images), which is not part of these resources; the rule covers every image with noMatch: deny. Add spec.exemptions for namespaces the constraint excluded (e.g. kube-system).");
        var documentMap = PolicyDocumentWriter.Map(
            ("apiVersion", ImageVerificationPolicy.ApiVersion),
            ("kind", ImageVerificationPolicy.Kind),
            ("metadata", PolicyDocumentWriter.Map(("name", policyName))),
            ("spec", PolicyDocumentWriter.Map(
                ("enabled", true),
                ("noMatch", "deny"),
                ("requireDigest", false),
                ("pinDigests", true),
                ("rules", rules))));
        warnings.Add("Ratify resolves tags to digests (its mutation provider); the import sets pinDigests: true so the webhook does the same.");
        var yamlText = PolicyDocumentWriter.Write(documentMap, ["Imported from Ratify resources by signet policy import ratify."]);
        return new PolicyImportResult { Yaml = yamlText, Load = PolicyLoader.Parse(yamlText, "imported-ratify-policy.yaml"), Warnings = warnings };
    }

    private static void ReadCertificateStore(string kind, string name, YamlMappingNode? spec, Dictionary<string, string> stores, List<string> warnings)
    {
        var provider = Text(spec, "provider") ?? Text(spec, "type");
        var parameters = Child(spec, "parameters");
        if (provider != "inline")
        {
            warnings.Add($"{kind} {name}: provider '{provider}' is not mapped (only inline certificates are); export the certificates and add them to a trust store.");
            return;
        }

        var contentType = Text(parameters, "contentType") ?? "certificate";
        if (contentType != "certificate")
        {
            warnings.Add($"{kind} {name}: contentType '{contentType}' is not mapped; public keys belong in a rule's trust.cosign.keys.");
            return;
        }

        var value = Text(parameters, "value");
        if (string.IsNullOrWhiteSpace(value))
        {
            warnings.Add($"{kind} {name}: parameters.value is empty; ignored.");
            return;
        }

        stores[name] = value.Trim() + "\n";
    }

    private static void AddStore(Dictionary<string, object?> inline, string storeName, YamlSequenceNode? references, Dictionary<string, string> certificateStores, string verifier, List<string> warnings)
    {
        var pem = new List<string>();
        foreach (var reference in references?.Children ?? [])
        {
            var text = ((reference as YamlScalarNode)?.Value ?? string.Empty).Trim();

            // Namespaced references are '<namespace>/<name>'; Signet has one policy, so the name alone identifies the store.
            var storeRef = text.Contains('/', StringComparison.Ordinal) ? text[(text.LastIndexOf('/') + 1)..] : text;
            if (certificateStores.TryGetValue(storeRef, out var certificates))
            {
                pem.Add(certificates);
            }
            else
            {
                warnings.Add($"Verifier {verifier}: trust store {storeName} references '{text}', which is not an inline certificate store in the input; it was left out.");
            }
        }

        if (pem.Count > 0)
        {
            inline[storeName] = string.Concat(pem);
        }
    }

    private static object? ToObject(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children
            .GroupBy(p => (p.Key as YamlScalarNode)?.Value ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ToObject(g.First().Value), StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(ToObject).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    private static YamlMappingNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static string? Text(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;

    private static PolicyImportResult Failed(string error) =>
        new() { Yaml = string.Empty, Load = new PolicyLoadResult(), Warnings = [], Errors = [error] };
}
