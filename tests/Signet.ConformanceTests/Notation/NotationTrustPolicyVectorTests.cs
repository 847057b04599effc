using Signet.Core.Errors;
using Signet.Signatures.Notation.Trust;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>Every trust policy under notation e2e <c>config/trustpolicies</c> loads or is rejected as its README says.</summary>
public sealed class NotationTrustPolicyVectorTests : IDisposable
{
    // Outcome per file: "valid", "fail:<code>", "error:<message fragment>", or "loads" (valid document, outcome elsewhere).
    private static readonly Dictionary<string, string> s_expected = new(StringComparer.Ordinal)
    {
        ["trustpolicy.json"] = "valid",
        ["valid_trusted_identity_trustpolicy.json"] = "valid",
        ["any_registry_scope_trust_policy.json"] = "valid",
        ["multiple_trusted_identity_trustpolicy.json"] = "valid",
        ["multiple_trust_store_trustpolicy.json"] = "valid",
        ["multi_statements_with_wildcard_registry_scope_trustpolicy.json"] = "valid",
        ["registry_scope_trustpolicy.json"] = "valid",
        ["multiple_registry_scope_trustpolicy.json"] = "valid",
        ["invalid_trusted_identity_trustpolicy.json"] = "fail:" + SignetErrorCode.IdentityNotTrusted,
        ["invalid_trust_store_trustpolicy.json"] = "fail:" + SignetErrorCode.KeyNotTrusted,
        ["invalid_registry_scope_trustpolicy.json"] = "fail:" + SignetErrorCode.NoPolicyMatch,
        ["generate_test_trustpolicy.json"] = "fail:" + SignetErrorCode.KeyNotTrusted,
        ["quickstart_trustpolicy.json"] = "fail:" + SignetErrorCode.KeyNotTrusted,
        ["timestamp_trustpolicy.json"] = "fail:" + SignetErrorCode.TimestampInvalid,
        ["timestamp_after_cert_expiry_trustpolicy.json"] = "valid",
        ["audit_trustpolicy.json"] = "valid",
        ["permissive_trustpolicy.json"] = "valid",
        ["skip_trustpolicy.json"] = "valid",
        ["override_strict_trustpolicy.json"] = "valid",
        ["override_permissive_trustpolicy.json"] = "valid",
        ["override_audit_trustpolicy.json"] = "valid",
        ["malformed_trusted_identity_trustpolicy.json"] = "error:without the separator ':'",
        ["empty_trusted_identity_trustpolicy.json"] = "error:has an empty trusted identity",
        ["missing_organization_trusted_identity_trustpolicy.json"] = "error:no mandatory RDN attribute for \"O\"",
        ["missing_state_trusted_identity_trustpolicy.json"] = "error:no mandatory RDN attribute for \"ST\"",
        ["missing_country_trusted_identity_trustpolicy.json"] = "error:no mandatory RDN attribute for \"C\"",
        ["overlapped_trusted_identity_trustpolicy.json"] = "error:overlapping x509 trustedIdentities",
        ["wildcard_plus_other_trusted_identity_trustpolicy.json"] = "error:wildcard trusted identity '*', which cannot be combined",
        ["unset_trusted_identity_trustpolicy.json"] = "error:either missing trust stores or trusted identities",
        ["unset_trust_store_trustpolicy.json"] = "error:either missing trust stores or trusted identities",
        ["malformed_trust_store_trustpolicy.json"] = "error:unsupported trust store name ''",
        ["wildcard_trust_store_trustpolicy.json"] = "error:malformed trust store value '*'",
        // README: "fail (VerifyFailed)"; Signet rejects the duplicate store when the document loads (documented deviation).
        ["overlapped_trust_store_trustpolicy.json"] = "error:lists the trust store 'ca:e2e' more than once",
        ["empty_registry_scope_trustpolicy.json"] = "error:zero registry scopes",
        ["malformed_registry_scope_trustpolicy.json"] = "error:is not valid; use the format <registry>/<repository>",
        ["overlapped_registry_scope_trustpolicy.json"] = "error:is present in multiple trust policy statements",
        ["multi_statements_with_the_same_registry_scope_trustpolicy.json"] = "error:is present in multiple trust policy statements",
        ["multi_statements_with_multi_wildcard_registry_scope_trustpolicy.json"] = "error:is present in multiple trust policy statements",
        ["wildcard_plus_other_registry_scope_trustpolicy.json"] = "error:wildcard registry scope '*', which cannot be combined",
        ["multi_statements_with_the_same_name_trustpolicy.json"] = "error:use the same name 'e2e'",
        ["override_integrity_for_permissive_trustpolicy.json"] = "error:the \"integrity\" verification can not be overridden",
        ["invalid_format_trustpolicy.json"] = "error:not valid JSON",
        // Blob trust policies have no registryScopes: not valid OCI trust policies.
        ["blob_trust_policy.json"] = "error:zero registry scopes",
    };

    private readonly TemporaryTrustStore _store = new TemporaryTrustStore()
        .AddFile(TrustStoreType.Ca, "e2e", E2e("config/localkeys/e2e.crt"))
        .AddFile(TrustStoreType.Ca, "e2e-new", E2e("config/localkeys/new_e2e.crt"))
        .AddFile(TrustStoreType.Tsa, "e2e", E2e("config/timestamp/globalsignTSARoot.cer"));

    public void Dispose() => _store.Dispose();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(E2e("config/trustpolicies"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Fact]
    public void EveryPolicyVector_HasAnExpectedOutcome()
    {
        var files = Directory.GetFiles(E2e("config/trustpolicies"), "*.json").Select(Path.GetFileName).ToList();

        Assert.True(files.Count >= 40, $"only {files.Count} trust policy vectors found");
        Assert.DoesNotContain(files, f => !s_expected.ContainsKey(f!));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task PolicyVector_ReachesReadmeOutcome(string file)
    {
        var expected = s_expected[file];
        var json = await File.ReadAllTextAsync(E2e("config/trustpolicies/" + file));

        var loaded = TrustPolicyDocument.TryParse(json, out var document, out var errors);

        if (expected.StartsWith("error:", StringComparison.Ordinal))
        {
            Assert.False(loaded);
            Assert.Contains(errors, e => e.Contains(expected["error:".Length..], StringComparison.Ordinal));
            return;
        }

        Assert.True(loaded, string.Join(" ", errors));
        var scope = document!.Statements[0].RegistryScopes[0];
        var repository = file == "invalid_registry_scope_trustpolicy.json" || scope == "*" ? NotationE2eLayouts.Repository : scope;
        var verifier = new Signet.Signatures.Notation.NotationVerifier(document, _store.Open(), timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        var result = Assert.Single(await NotationE2eLayouts.VerifyAsync("e2e-valid-signature", verifier, repository));

        if (expected == "valid")
        {
            Assert.True(result.IsValid, result.Message);
        }
        else
        {
            Assert.False(result.IsValid);
            Assert.Equal(expected["fail:".Length..], result.Code);
        }
    }

    [Fact]
    public void BlobPolicyUnderBlobFolder_IsNotAnOciPolicy()
    {
        var json = File.ReadAllText(E2e("blob/trustpolicies/trustpolicy.blob.json"));

        Assert.False(TrustPolicyDocument.TryParse(json, out _, out var errors));
        Assert.Contains(errors, e => e.Contains("zero registry scopes", StringComparison.Ordinal));
    }
}
