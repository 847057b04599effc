using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Policy.Model;

namespace Signet.Policy.Loading;

/// <summary>
/// The policy generation: <c>sha256:&lt;hex&gt;</c> over a canonical JSON rendering of the normalized policy and its
/// trusted key material (cosign key fingerprints, trust policy, trust store certificate hashes). Whitespace, comments,
/// key order in the file and the file's name do not change it; any change to what is trusted does.
/// </summary>
public static class PolicyGeneration
{
    /// <summary>Computes the generation of a policy (its own <see cref="ImageVerificationPolicy.Generation"/> is ignored).</summary>
    public static string Compute(ImageVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", policy.Name);
            w.WriteBoolean("enabled", policy.Enabled);
            w.WriteString("noMatch", policy.NoMatch.ToString());
            w.WriteBoolean("requireDigest", policy.RequireDigest);
            w.WriteBoolean("pinDigests", policy.PinDigests);
            w.WriteStartObject("breakGlass");
            WriteStrings(w, "users", policy.BreakGlass.AllowedUsers);
            WriteStrings(w, "groups", policy.BreakGlass.AllowedGroups);
            w.WriteString("expires", policy.BreakGlass.Expires?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteString("lastKnownGood", policy.LastKnownGood?.Window.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            WriteStrings(w, "exemptNamespaces", policy.Exemptions.Namespaces);
            WriteStrings(w, "exemptImages", policy.Exemptions.Images.Select(s => s.Pattern));
            w.WriteStartArray("rules");
            foreach (var rule in policy.Rules)
            {
                w.WriteStartObject();
                w.WriteString("name", rule.Name);
                WriteStrings(w, "scopes", rule.Scopes.Select(s => s.Pattern));
                w.WriteString("namespaces", rule.Namespaces.Normalized());
                w.WriteString("mode", rule.Mode.ToString());
                w.WriteBoolean("inherit", rule.InheritIndexSignatures);
                w.WriteStartArray("vault");
                foreach (var key in rule.Trust.VaultKeys)
                {
                    w.WriteStartObject();
                    w.WriteString("id", key.KeyId);
                    WriteStrings(w, "versions", key.Versions);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (rule.Trust.Cosign is { } cosign)
                {
                    w.WriteNumber("cosignThreshold", cosign.Threshold);
                    WriteStrings(w, "cosign", cosign.Keys.Select(k => k.KeyId));
                }

                if (rule.Trust.Notation is { } notation)
                {
                    // Re-serializing through JsonDocument drops the file's formatting.
                    using var document = JsonDocument.Parse(notation.TrustPolicyJson);
                    w.WritePropertyName("trustPolicy");
                    document.WriteTo(w);
                    w.WriteStartObject("trustStores");
                    foreach (var (name, certificates) in notation.TrustStores.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        WriteStrings(w, name, certificates.Select(c => Convert.ToHexStringLower(SHA256.HashData(c))));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>
    /// Folds state that lives outside the policy file into a generation: the application layer passes the vault's
    /// key version states (e.g. <c>keyId/version=Enabled</c> lines) so that disabling a key version invalidates
    /// cached verdicts and last-known-good records.
    /// </summary>
    public static string Combine(string generation, string externalState)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(externalState);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(generation + "\n" + externalState)));
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
