using Signet.Policy.Import;
using Signet.Policy.Model;
using static Signet.UnitTests.Policy.PolicyTestData;

namespace Signet.UnitTests.Policy;

public sealed class PolicyImportTests
{
    private const string OkeJson = """
        {"imagePolicyConfig": {"isPolicyEnabled": true, "keyDetails": [
          {"kmsKeyId": "ocid1.key.oc1.phx.aaaa.release"}, {"kmsKeyId": "ocid1.key.oc1.phx.aaaa.ci"}]}}
        """;

    [Fact]
    public void Oke_WithRegistry_ScopesRuleAndAllowsOtherRegistries()
    {
        var result = OkePolicyImporter.Import(OkeJson, registry: "phx.ocir.io");

        Assert.True(result.IsValid, string.Join("\n", result.Errors.Concat(result.Load.Errors.Select(e => e.ToString()))));
        var policy = result.Load.Policy!;
        Assert.True(policy.Enabled);
        Assert.Equal(NoMatchAction.Allow, policy.NoMatch);
        Assert.True(policy.RequireDigest);
        var rule = Assert.Single(policy.Rules);
        Assert.Equal("phx.ocir.io/**", Assert.Single(rule.Scopes).Pattern);
        Assert.Equal(["ocid1.key.oc1.phx.aaaa.release", "ocid1.key.oc1.phx.aaaa.ci"], rule.Trust.VaultKeys.Select(k => k.KeyId));
        Assert.Equal(["system:authenticated"], policy.BreakGlass.AllowedGroups);
        Assert.Contains(result.Warnings, w => w.Contains("break-glass", StringComparison.Ordinal));
    }

    [Fact]
    public void Oke_WithoutRegistry_CoversEveryRegistryAndWarns()
    {
        var result = OkePolicyImporter.Import(OkeJson);

        Assert.True(result.IsValid);
        Assert.Equal("**", result.Load.Policy!.Rules[0].Scopes[0].Pattern);
        Assert.Equal(NoMatchAction.Deny, result.Load.Policy.NoMatch);
        Assert.Contains(result.Warnings, w => w.Contains("every registry", StringComparison.Ordinal));
    }

    [Fact]
    public void Oke_CliKebabCaseOutputWithExtraFields_ImportsAndWarnsPerUnmappedField()
    {
        const string Cli = """
            {"data": {"image-policy-config": {"is-policy-enabled": false,
              "key-details": [{"kms-key-id": "ocid1.key.oc1..k", "vault-id": "ocid1.vault.oc1..v"}], "note": "x"}}}
            """;

        var result = OkePolicyImporter.Import(Cli, registry: "fra.ocir.io");

        Assert.True(result.IsValid);
        Assert.False(result.Load.Policy!.Enabled);
        Assert.Contains(result.Warnings, w => w.Contains("vault-id", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("imagePolicyConfig.note", StringComparison.Ordinal));
    }

    [Fact]
    public void Oke_EnabledWithoutKeys_KeepsAdmitEverythingAndWarns()
    {
        var result = OkePolicyImporter.Import("""{"isPolicyEnabled": true, "keyDetails": []}""", registry: "phx.ocir.io");

        Assert.True(result.IsValid);
        Assert.True(result.Load.Policy!.Rules[0].Trust.IsEmpty);
        Assert.Contains(result.Warnings, w => w.Contains("admits every image", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"cluster\": {}}", "no imagePolicyConfig")]
    [InlineData("{\"isPolicyEnabled\": \"yes\"}", "expected true or false")]
    [InlineData("{\"isPolicyEnabled\": true, \"keyDetails\": [{}]}", "has no kmsKeyId")]
    public void Oke_BadInput_ReportsError(string json, string fragment)
    {
        var result = OkePolicyImporter.Import(json);

        Assert.False(result.IsValid);
        Assert.Contains(fragment, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    private static string RatifyResources => $"""
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: CertificateStore
        metadata:
          name: certstore-inline
        spec:
          provider: inline
          parameters:
            value: |
        {Indent(CertificatePem, 6)}
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: CertificateStore
        metadata:
          name: certstore-akv
        spec:
          provider: azurekeyvault
          parameters:
            vaultURI: https://example.vault.azure.net/
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Store
        metadata:
          name: store-oras
        spec:
          name: oras
          parameters:
            cosignEnabled: true
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Verifier
        metadata:
          name: verifier-notation
        spec:
          name: notation
          artifactTypes: application/vnd.cncf.notary.signature
          parameters:
            verificationCertStores:
              certs:
                - certstore-inline
                - default/certstore-akv
            trustPolicyDoc:
              version: "1.0"
              trustPolicies:
                - name: default
                  registryScopes: ["*"]
                  signatureVerification:
                    level: audit
                  trustStores: ["ca:certs"]
                  trustedIdentities: ["*"]
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Verifier
        metadata:
          name: verifier-cosign
        spec:
          name: cosign
          artifactTypes: application/vnd.dev.cosign.artifact.sig.v1+json
        """;

    [Fact]
    public void Ratify_NotationVerifierWithInlineStore_BecomesNotationRule()
    {
        var result = RatifyPolicyImporter.Import(RatifyResources);

        Assert.True(result.IsValid, string.Join("\n", result.Errors.Concat(result.Load.Errors.Select(e => e.ToString()))));
        var rule = Assert.Single(result.Load.Policy!.Rules);
        Assert.Equal("ratify-verifier-notation", rule.Name);
        var notation = rule.Trust.Notation!;
        Assert.Equal("audit", Assert.Single(notation.Statements).Level);
        Assert.Single(notation.TrustStores["ca:certs"]);
        Assert.True(result.Load.Policy.PinDigests);
    }

    [Theory]
    [InlineData("provider 'azurekeyvault' is not mapped")]
    [InlineData("parameter 'cosignEnabled'")]
    [InlineData("'default/certstore-akv', which is not an inline certificate store")]
    [InlineData("verifier 'cosign' is not mapped")]
    [InlineData("Gatekeeper constraint")]
    public void Ratify_UnmappedParts_EachGetAWarning(string fragment)
    {
        var result = RatifyPolicyImporter.Import(RatifyResources);

        Assert.Contains(result.Warnings, w => w.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Ratify_NestedStoreTypes_MapToTypedStores()
    {
        var yaml = RatifyResources
            .Replace("      certs:\n        - certstore-inline\n        - default/certstore-akv\n", "      ca:\n        ca-certs:\n          - certstore-inline\n", StringComparison.Ordinal)
            .Replace("[\"ca:certs\"]", "[\"ca:ca-certs\"]", StringComparison.Ordinal);

        var result = RatifyPolicyImporter.Import(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Load.Errors));
        Assert.True(result.Load.Policy!.Rules[0].Trust.Notation!.TrustStores.ContainsKey("ca:ca-certs"));
    }

    [Theory]
    [InlineData("a: [1\n", "not valid YAML")]
    [InlineData("a: &x [1]\nb: *x\n", "anchors and aliases")]
    [InlineData("apiVersion: config.ratify.deislabs.io/v1beta1\nkind: Store\nmetadata: {name: s}\nspec: {name: oras}\n", "no notation Verifier")]
    public void Ratify_BadInput_ReportsError(string yaml, string fragment)
    {
        var result = RatifyPolicyImporter.Import(yaml);

        Assert.False(result.IsValid);
        Assert.Contains(fragment, Assert.Single(result.Errors), StringComparison.Ordinal);
    }
}
