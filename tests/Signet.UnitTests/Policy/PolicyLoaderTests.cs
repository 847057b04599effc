using Signet.Policy.Loading;
using Signet.Policy.Model;
using static Signet.UnitTests.Policy.PolicyTestData;

namespace Signet.UnitTests.Policy;

public sealed class PolicyLoaderTests
{
    private const string ValidSpec = """
          enabled: true
          noMatch: warn
          requireDigest: true
          breakGlass:
            allowedGroups: [oncall]
            expires: 2026-12-31T00:00:00Z
          lastKnownGood:
            window: 1h30m
          exemptions:
            namespaces: [kube-system]
            images: ["registry.k8s.io/**"]
          rules:
            - name: shop
              scope: ["registry.example.com/shop/**"]
              namespaces:
                names: [prod, "team-*"]
                selector:
                  matchLabels: {env: prod}
                  matchExpressions:
                    - {key: tier, operator: In, values: [web]}
              mode: warn
              trust:
                vaultKeys:
                  - keyId: ocid1.key.oc1..release
                    versions: [v1, v2]
                  - signet:ci
            - name: nginx
              scope: nginx
              inheritIndexSignatures: false
              trust:
                vaultKeys: [signet:hub]
        """;

    [Fact]
    public void Parse_ValidPolicy_ReadsEverySetting()
    {
        var policy = Load(PolicyYaml(ValidSpec));

        Assert.Equal("test", policy.Name);
        Assert.Equal(NoMatchAction.Warn, policy.NoMatch);
        Assert.Equal(["oncall"], policy.BreakGlass.AllowedGroups);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), policy.BreakGlass.Expires);
        Assert.Equal(TimeSpan.FromMinutes(90), policy.LastKnownGood!.Window);
        Assert.Equal(["kube-system"], policy.Exemptions.Namespaces);
        Assert.Equal("registry.k8s.io/**", policy.Exemptions.Images[0].Pattern);
        var shop = policy.Rules[0];
        Assert.Equal(RuleMode.Warn, shop.Mode);
        Assert.Equal(["prod", "team-*"], shop.Namespaces.Names);
        Assert.Equal("prod", shop.Namespaces.MatchLabels["env"]);
        Assert.Equal(LabelSelectorOperator.In, shop.Namespaces.MatchExpressions[0].Operator);
        Assert.Equal(["v1", "v2"], shop.Trust.VaultKeys[0].Versions);
        Assert.Equal("signet:ci", shop.Trust.VaultKeys[1].KeyId);
        Assert.Equal("docker.io/library/nginx", policy.Rules[1].Scopes[0].Pattern);
        Assert.False(policy.Rules[1].InheritIndexSignatures);
        Assert.StartsWith("sha256:", policy.Generation, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation("policy.yaml", 18, 7), shop.Location);
    }

    [Fact]
    public void Parse_Defaults_AreDenyAndRequireDigest()
    {
        var policy = Load(PolicyYaml("  rules: []\n"));

        Assert.True(policy.Enabled);
        Assert.Equal(NoMatchAction.Deny, policy.NoMatch);
        Assert.True(policy.RequireDigest);
        Assert.False(policy.PinDigests);
        Assert.Null(policy.LastKnownGood);
        Assert.False(policy.BreakGlass.IsEnabled);
    }

    [Fact]
    public void Parse_Json_LoadsLikeYaml()
    {
        const string Json = """
            {"apiVersion": "signet.dev/v1alpha1", "kind": "ImageVerificationPolicy", "metadata": {"name": "test"},
             "spec": {"noMatch": "allow", "rules": [{"name": "r", "scope": ["registry.example.com/**"], "trust": {"vaultKeys": ["k1"]}}]}}
            """;
        var yaml = PolicyYaml("""
              noMatch: allow
              rules:
                - name: r
                  scope: ["registry.example.com/**"]
                  trust:
                    vaultKeys: [k1]
            """);

        var fromJson = PolicyLoader.Parse(Json, "policy.json");

        Assert.True(fromJson.IsValid, fromJson.Describe());
        Assert.Equal(Load(yaml).Generation, fromJson.Policy!.Generation);
    }

    public static TheoryData<string, int, int, string, string> InvalidFields => new()
    {
        // spec body, line, column, field, message fragment
        { "  rules:\n    - name: a\n      scope: [\"**\"]\n      mode: enforcing\n", 9, 13, "spec.rules[0].mode", "use one of: enforce, warn, audit" },
        { "  rules:\n    - name: a\n      scope: [\"**\"]\n      trusted: {}\n", 9, 7, "spec.rules[0].trusted", "unknown field 'trusted'" },
        { "  rules:\n    - name: a\n      scope: [\"registry.example.com/**x\"]\n", 8, 15, "spec.rules[0].scope[0]", "'**' must be a whole path segment" },
        { "  rules:\n    - name: a\n      scope: [\"registry.example.com/app?\"]\n", 8, 15, "spec.rules[0].scope[0]", "'?' is not supported" },
        { "  rules:\n    - name: a\n      scope: [\"registry.example.com/app:1.0\"]\n", 8, 15, "spec.rules[0].scope[0]", "names a tag" },
        { "  noMatch: maybe\n", 6, 12, "spec.noMatch", "use one of: allow, warn, deny" },
        { "  Enabled: true\n", 6, 3, "spec.Enabled", "did you mean 'enabled'?" },
        { "  enabled: yes\n", 6, 12, "spec.enabled", "use true or false" },
        { "  lastKnownGood:\n    window: forever\n", 7, 13, "spec.lastKnownGood.window", "not a positive duration" },
        { "  lastKnownGood:\n    window: 30d\n", 7, 13, "spec.lastKnownGood.window", "at most 7d" },
        { "  breakGlass:\n    expires: tomorrow\n", 7, 14, "spec.breakGlass.expires", "RFC 3339" },
        { "  exemptions:\n    namespaces: [Kube_System]\n", 7, 18, "spec.exemptions.namespaces[0]", "not a namespace name" },
        { "  rules:\n    - name: a\n      scope: [\"**\"]\n      trust:\n        cosign:\n          threshold: 2\n          keys: []\n", 12, 17, "spec.rules[0].trust.cosign.keys", "at least one public key" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void Parse_InvalidField_ReportsFileLineColumnAndField(string spec, int line, int column, string field, string message)
    {
        var result = PolicyLoader.Parse(PolicyYaml(spec), "cluster-policy.yaml");

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors, e => e.Field == field);
        Assert.Equal("cluster-policy.yaml", error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cluster-policy.yaml:{line}:{column}: {field}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralErrors_ListsThemAll()
    {
        var result = PolicyLoader.Parse(PolicyYaml("""
              noMatch: maybe
              colour: blue
              rules:
                - name: a
                  scope: ["registry.example.com/a"]
                  mode: enforcing
                - name: a
                  scope: ["registry.example.com/b?"]
            """));

        Assert.False(result.IsValid);
        Assert.Equal(
            new[] { "spec.colour", "spec.noMatch", "spec.rules[0].mode", "spec.rules[1].name", "spec.rules[1].scope[0]" },
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Parse_DuplicateScopeSameNamespaces_IsRefused()
    {
        var result = PolicyLoader.Parse(PolicyYaml("""
              rules:
                - name: a
                  scope: ["nginx"]
                - name: b
                  scope: ["docker.io/library/nginx"]
            """));

        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.rules[1].scope", error.Field);
        Assert.Contains("already covered by rule 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameScopeDifferentNamespaces_IsAllowed()
    {
        var policy = Load(PolicyYaml("""
              rules:
                - name: a
                  scope: ["registry.example.com/**"]
                  namespaces: {names: [prod]}
                - name: b
                  scope: ["registry.example.com/**"]
            """));

        Assert.Equal(2, policy.Rules.Count);
    }

    [Theory]
    [InlineData("apiVersion: signet.dev/v1\nkind: ImageVerificationPolicy\nmetadata: {name: a}\nspec: {}\n", 1, 13, "apiVersion")]
    [InlineData("apiVersion: signet.dev/v1alpha1\nkind: Policy\nmetadata: {name: a}\nspec: {}\n", 2, 7, "kind")]
    [InlineData("apiVersion: signet.dev/v1alpha1\nkind: ImageVerificationPolicy\nmetadata: {name: a}\nspec: {}\nextra: 1\n", 5, 1, "extra")]
    public void Parse_BadEnvelope_IsRefused(string yaml, int line, int column, string field)
    {
        var result = PolicyLoader.Parse(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal((line, column, field), (error.Line, error.Column, error.Field));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a: [1, 2\n", "not valid YAML")]
    [InlineData("a: 1\n---\nb: 2\n", "2 YAML documents")]
    [InlineData("apiVersion: signet.dev/v1alpha1\nkind: ImageVerificationPolicy\nmetadata: &m {name: a}\nspec: {}\n", "anchors")]
    [InlineData("apiVersion: signet.dev/v1alpha1\napiVersion: signet.dev/v1alpha1\n", "Duplicate key")]
    public void Parse_MalformedDocument_IsRefusedWithReason(string yaml, string fragment)
    {
        var result = PolicyLoader.Parse(yaml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Parse_DeeplyNestedDocument_IsRefusedWithoutRecursion()
    {
        var yaml = new string('[', 100_000) + new string(']', 100_000);

        var result = PolicyLoader.Parse(yaml);

        Assert.Contains("nests deeper than 64 levels", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ComplexKeysInFreeFormMaps_AreErrorsNotCrashes()
    {
        var result = PolicyLoader.Parse(PolicyYaml("""
              rules:
                - name: a
                  scope: ["**"]
                  namespaces:
                    selector:
                      matchLabels:
                        ? [a, b]
                        : c
            """));

        Assert.Contains(result.Errors, e => e.Message.Contains("plain string", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CosignKeysInlineAndFile_ComputesFingerprints()
    {
        var directory = Directory.CreateTempSubdirectory("signet-policy-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "ci.pub"), CosignKey(1).Pem);
            var yaml = PolicyYaml($"""
                  rules:
                    - name: a
                      scope: ["**"]
                      trust:
                        cosign:
                          threshold: 2
                          keys:
                            - name: release
                              pem: |
                {Indent(CosignKey(0).Pem, 18)}
                            - file: ci.pub
                """);

            var result = PolicyLoader.Parse(yaml, Path.Combine(directory.FullName, "policy.yaml"), directory.FullName);

            Assert.True(result.IsValid, result.Describe());
            var cosign = result.Policy!.Rules[0].Trust.Cosign!;
            Assert.Equal(2, cosign.Threshold);
            Assert.Equal([CosignKey(0).KeyId, CosignKey(1).KeyId], cosign.Keys.Select(k => k.KeyId));
            Assert.Equal("ci.pub", cosign.Keys[1].Name);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_PrivateKeyOrGarbageOrMissingFile_IsRefused()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var yaml = PolicyYaml($"""
              rules:
                - name: a
                  scope: ["**"]
                  trust:
                    cosign:
                      threshold: 3
                      keys:
                        - pem: |
            {Indent(key.ExportPkcs8PrivateKeyPem(), 16)}
                        - pem: not a key
                        - file: /nonexistent/key.pub
            """);

        var result = PolicyLoader.Parse(yaml);

        Assert.Contains(result.Errors, e => e.Field == "spec.rules[0].trust.cosign.keys[0].pem" && e.Message.Contains("never put a private key", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "spec.rules[0].trust.cosign.keys[1].pem" && e.Message.Contains("not a PEM block", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "spec.rules[0].trust.cosign.keys[2].file" && e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ThresholdAboveKeyCount_IsRefused()
    {
        var yaml = PolicyYaml($"""
              rules:
                - name: a
                  scope: ["**"]
                  trust:
                    cosign:
                      threshold: 2
                      keys:
                        - pem: |
            {Indent(CosignKey(0).Pem, 16)}
            """);

        var error = Assert.Single(PolicyLoader.Parse(yaml).Errors);
        Assert.Equal("spec.rules[0].trust.cosign.threshold", error.Field);
    }

    [Fact]
    public void Parse_DuplicateVaultKey_IsRefused()
    {
        var result = PolicyLoader.Parse(PolicyYaml("""
              rules:
                - name: a
                  scope: ["**"]
                  trust:
                    vaultKeys: [k1, {keyId: k1, versions: [v2]}]
            """));

        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.rules[0].trust.vaultKeys[1]", error.Field);
    }

    [Fact]
    public void Parse_NotationTrustPolicy_ValidatesStatements()
    {
        var policy = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      trust:\n" + NotationTrust("audit")));

        var notation = policy.Rules[0].Trust.Notation!;
        Assert.Equal("audit", Assert.Single(notation.Statements).Level);
        Assert.Single(notation.TrustStores["ca:example"]);
        Assert.Contains("\"trustPolicies\"", notation.TrustPolicyJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lenient", "spec.rules[0].trust.notation.trustPolicy.trustPolicies[0]", "invalid signatureVerification level 'lenient'")]
    [InlineData("strict", "spec.rules[0].trust.notation.trustPolicy.trustPolicies[0].trustStores", "'ca:missing' is not defined")]
    public void Parse_BadNotationTrustPolicy_PointsIntoTheDocument(string level, string field, string fragment)
    {
        var trust = NotationTrust(level).Replace("[\"ca:example\"]", "[\"ca:missing\"]", StringComparison.Ordinal);
        var result = PolicyLoader.Parse(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      trust:\n" + trust));

        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"x509.subject: CN=release\"", "no mandatory RDN attribute")]
    [InlineData("\"x509.subject: C=US, ST=WA, O=Acme\", \"x509.subject: C=US, ST=WA, O=Acme, CN=x\"", "overlapping x509 trustedIdentities")]
    public void Parse_TrustPolicyTheVerifierWouldRefuse_RefusedAtLoad(string identities, string fragment)
    {
        // Before one validator served both, these loaded and then failed every verification in the rule's scope.
        var trust = NotationTrust("strict").Replace("trustedIdentities: [\"*\"]", $"trustedIdentities: [{identities}]", StringComparison.Ordinal);
        var result = PolicyLoader.Parse(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      trust:\n" + trust));

        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.rules[0].trust.notation.trustPolicy.trustPolicies[0]", error.Field);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrustStoreDirectoryAndTrustPolicyFile_AreRead()
    {
        var directory = Directory.CreateTempSubdirectory("signet-policy-");
        try
        {
            var store = Directory.CreateDirectory(Path.Combine(directory.FullName, "truststore", "x509", "ca", "acme"));
            File.WriteAllText(Path.Combine(store.FullName, "root.pem"), CertificatePem);
            File.WriteAllText(Path.Combine(directory.FullName, "trustpolicy.json"), """
                {"version": "1.0", "trustPolicies": [{"name": "acme", "registryScopes": ["registry.example.com/app"],
                  "signatureVerification": {"level": "strict"}, "trustStores": ["ca:acme"], "trustedIdentities": ["*"]},
                 {"name": "bad", "registryScopes": ["*"], "signatureVerification": {"level": "skip"}, "trustStores": ["ca:acme"]}]}
                """);
            var yaml = PolicyYaml("""
                  rules:
                    - name: a
                      scope: ["**"]
                      trust:
                        notation:
                          trustPolicyFile: trustpolicy.json
                          trustStores: {directory: truststore}
                """);

            var result = PolicyLoader.Parse(yaml, Path.Combine(directory.FullName, "policy.yaml"), directory.FullName);

            // The second statement is invalid (skip with trust stores): the error points into trustpolicy.json.
            var error = Assert.Single(result.Errors);
            Assert.EndsWith("trustpolicy.json", error.File, StringComparison.Ordinal);
            Assert.Equal(3, error.Line);
            Assert.Contains("'bad' is set to skip signature verification but configures trust stores", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void UsesNamespaceLabels_OnlyWhenSomeRuleSelectsByLabel()
    {
        var byName = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      namespaces: {names: [prod]}\n      trust: {vaultKeys: [k1]}\n"));
        var byLabel = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      namespaces: {selector: {matchLabels: {tier: prod}}}\n      trust: {vaultKeys: [k1]}\n"));
        var byExpression = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      namespaces: {selector: {matchExpressions: [{key: tier, operator: Exists}]}}\n      trust: {vaultKeys: [k1]}\n"));

        Assert.False(byName.UsesNamespaceLabels);
        Assert.True(byLabel.UsesNamespaceLabels);
        Assert.True(byExpression.UsesNamespaceLabels);
    }

    [Fact]
    public void Generation_IgnoresFormattingButTracksTrust()
    {
        var a = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      trust: {vaultKeys: [k1]}\n"));
        var reformatted = Load(PolicyYaml("  # comment\n  rules:\n    - trust:\n        vaultKeys:\n          - k1\n      scope: '**'\n      name: a\n"));
        var otherKey = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      trust: {vaultKeys: [k2]}\n"));
        var pinned = Load(PolicyYaml("  rules:\n    - name: a\n      scope: [\"**\"]\n      trust: {vaultKeys: [{keyId: k1, versions: [v1]}]}\n"));

        Assert.Equal(a.Generation, reformatted.Generation);
        Assert.NotEqual(a.Generation, otherKey.Generation);
        Assert.NotEqual(a.Generation, pinned.Generation);
        Assert.NotEqual(a.Generation, PolicyGeneration.Combine(a.Generation, "k1/v1=Disabled"));
    }

    [Fact]
    public async Task PolicyStore_FailedReload_KeepsPreviousPolicy()
    {
        var directory = Directory.CreateTempSubdirectory("signet-policy-");
        try
        {
            var path = Path.Combine(directory.FullName, "policy.yaml");
            await File.WriteAllTextAsync(path, PolicyYaml("  noMatch: allow\n"));
            var store = new PolicyStore();
            Assert.True((await store.ReloadAsync(path)).IsValid);
            var first = store.Current!;

            await File.WriteAllTextAsync(path, PolicyYaml("  noMatch: sometimes\n"));
            var failed = await store.ReloadAsync(path);

            Assert.False(failed.IsValid);
            Assert.Same(first, store.Current);

            await File.WriteAllTextAsync(path, PolicyYaml("  noMatch: deny\n"));
            Assert.True((await store.ReloadAsync(path)).IsValid);
            Assert.Equal(NoMatchAction.Deny, store.Current!.NoMatch);
            Assert.NotEqual(first.Generation, store.Current.Generation);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LoadFile_Missing_ReportsPath()
    {
        var result = await PolicyLoader.LoadFileAsync("/nonexistent/policy.yaml");

        Assert.Contains("does not exist", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThousandKeysAndTenThousandRules_Loads()
    {
        var keys = string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"key-{i}"));
        var rules = new System.Text.StringBuilder("  rules:\n");
        for (var i = 0; i < 10_000; i++)
        {
            rules.Append($"    - name: r{i}\n      scope: [\"registry.example.com/app{i}\"]\n");
        }

        rules.Append($"    - name: all\n      scope: [\"**\"]\n      trust: {{vaultKeys: [{keys}]}}\n");

        var policy = Load(PolicyYaml(rules.ToString()));

        Assert.Equal(10_001, policy.Rules.Count);
        Assert.Equal(1000, policy.Rules[^1].Trust.VaultKeys.Count);
    }
}
