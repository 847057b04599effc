using Microsoft.Extensions.Time.Testing;
using Signet.Core.Errors;
using Signet.Policy.Caching;
using Signet.Policy.Evaluation;
using Signet.Policy.Model;
using Signet.Policy.Verdicts;
using Signet.Signatures;
using static Signet.UnitTests.Policy.FakeImageSignatureSource;
using static Signet.UnitTests.Policy.PolicyTestData;

namespace Signet.UnitTests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static readonly DateTimeOffset s_now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly global::Signet.Core.Digests.Digest s_web = DigestOf("web");
    private static readonly string s_webImage = $"registry.example.com/shop/web@{s_web}";

    private readonly FakeTimeProvider _time = new(s_now);
    private readonly FakeImageSignatureSource _source = new();
    private readonly VerificationCache _cache;
    private readonly PolicyEvaluator _evaluator;

    public PolicyEvaluatorTests()
    {
        _cache = new VerificationCache(new VerificationCacheOptions(), _time);
        _evaluator = new PolicyEvaluator(_source, _cache, _time);
    }

    /// <summary>Trust shorthand → YAML under a rule's 'trust:' (8 spaces).</summary>
    private static string Trust(string shorthand)
    {
        var parts = new List<string>();
        foreach (var part in shorthand.Split('+', StringSplitOptions.RemoveEmptyEntries))
        {
            var (kind, arg) = (part.Split(':', 2)[0], part.Split(':', 2).ElementAtOrDefault(1) ?? string.Empty);
            switch (kind)
            {
                case "vault":
                    var keys = arg.Split(',').Select(k => k.Contains('@', StringComparison.Ordinal)
                        ? $"{{keyId: {k.Split('@')[0]}, versions: [{k.Split('@')[1]}]}}"
                        : k);
                    parts.Add($"        vaultKeys: [{string.Join(", ", keys)}]\n");
                    break;
                case "cosign":
                    var n = int.Parse(arg.Split("of")[0], System.Globalization.CultureInfo.InvariantCulture);
                    var m = int.Parse(arg.Split("of")[1], System.Globalization.CultureInfo.InvariantCulture);
                    var text = $"        cosign:\n          threshold: {n}\n          keys:\n";
                    for (var i = 0; i < m; i++)
                    {
                        text += $"            - name: k{i}\n              pem: |\n{Indent(CosignKey(i).Pem, 16)}\n";
                    }

                    parts.Add(text);
                    break;
                case "notation":
                    var level = arg.Split(':')[0];
                    parts.Add(arg.EndsWith(":other", StringComparison.Ordinal)
                        ? NotationTrust(level, "registry.example.com/other")
                        : NotationTrust(level));
                    break;
            }
        }

        return parts.Count == 0 ? string.Empty : "      trust:\n" + string.Concat(parts);
    }

    private static ImageVerificationPolicy RulePolicy(string trust, string extraSpec = "", string mode = "enforce", string scope = "registry.example.com/shop/**", bool inherit = true) =>
        Load(PolicyYaml($"{extraSpec}  rules:\n    - name: shop\n      scope: [\"{scope}\"]\n      mode: {mode}\n      inheritIndexSignatures: {(inherit ? "true" : "false")}\n{Trust(trust)}"));

    private static SignatureVerificationResult Signature(string shorthand)
    {
        var valid = !shorthand.Contains('!', StringComparison.Ordinal);
        var parts = shorthand.Replace("!", string.Empty, StringComparison.Ordinal).Split(':');
        return parts[0] switch
        {
            "vault" => Vault(parts[1], parts.ElementAtOrDefault(2) ?? "v1", valid),
            "cosign" => Cosign(CosignKey(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)).KeyId, valid),
            "cosign-unknown" => Cosign("sha256:" + new string('0', 64), valid),
            "notation" => Notation(valid, null, parts.Length > 1 ? [parts[1]] : []),
            _ => throw new ArgumentException(shorthand),
        };
    }

    private Task<PolicyDecision> EvaluateAsync(ImageVerificationPolicy policy, string image, string @namespace = "prod", string user = "alice", string[]? groups = null, Dictionary<string, string>? annotations = null, Dictionary<string, string>? labels = null) =>
        _evaluator.EvaluateAsync(policy, new PolicyEvaluationRequest
        {
            Images = [image],
            Namespace = @namespace,
            NamespaceLabels = labels ?? [],
            User = user,
            Groups = groups ?? ["system:authenticated"],
            Annotations = annotations ?? [],
        });

    public static TheoryData<string, string, string, Decision, string> TrustSemantics => new()
    {
        // trust, signatures on the image, case, decision, code
        // OKE: one valid signature by any trusted key suffices.
        { "vault:k1,k2", "vault:k2", "one trusted key of two", Decision.Allow, SignatureVerificationResult.Verified },
        { "vault:k1,k2", "vault:k9,vault:k1", "an untrusted and a trusted signature", Decision.Allow, SignatureVerificationResult.Verified },
        { "vault:k1,k2", "", "unsigned", Decision.Deny, SignetErrorCode.SignatureNotFound },
        { "vault:k1,k2", "vault:k9", "signed by an untrusted key", Decision.Deny, SignetErrorCode.KeyNotTrusted },
        { "vault:k1", "vault!:k1", "trusted key, bad signature", Decision.Deny, SignetErrorCode.SignatureInvalid },
        { "vault:k1@v2", "vault:k1:v1", "version not pinned", Decision.Deny, SignetErrorCode.KeyNotTrusted },
        { "vault:k1@v2", "vault:k1:v2", "pinned version", Decision.Allow, SignatureVerificationResult.Verified },
        { "vault:k1", "cosign:0", "cosign signature, rule trusts only vault keys", Decision.Deny, SignetErrorCode.KeyNotTrusted },
        // OKE: enabled with no keys admits signed or unsigned.
        { "", "", "no keys, unsigned", Decision.Allow, SignetErrorCode.NoTrustConfigured },
        { "", "vault:k1", "no keys, signed", Decision.Allow, SignetErrorCode.NoTrustConfigured },
        // cosign N-of-M over distinct keys.
        { "cosign:1of1", "cosign:0", "1 of 1", Decision.Allow, SignatureVerificationResult.Verified },
        { "cosign:2of3", "cosign:0,cosign:2", "2 of 3", Decision.Allow, SignatureVerificationResult.Verified },
        { "cosign:2of3", "cosign:0", "1 of required 2", Decision.Deny, SignetErrorCode.ThresholdNotMet },
        { "cosign:2of3", "cosign:0,cosign:0", "same key twice counts once", Decision.Deny, SignetErrorCode.ThresholdNotMet },
        { "cosign:2of3", "cosign:0,cosign!:1", "second signature invalid", Decision.Deny, SignetErrorCode.ThresholdNotMet },
        { "cosign:1of2", "cosign-unknown:x", "unknown cosign key", Decision.Deny, SignetErrorCode.KeyNotTrusted },
        // Notary Project levels: the verifier applies strict/permissive/audit; skip is decided by the policy.
        { "notation:strict", "notation", "strict, valid", Decision.Allow, SignatureVerificationResult.Verified },
        { "notation:strict", "notation!", "strict, chain not trusted", Decision.Deny, SignetErrorCode.CertificateChainInvalid },
        { "notation:audit", "notation:authenticity logged", "audit, authenticity only logged", Decision.Allow, SignatureVerificationResult.Verified },
        { "notation:audit", "", "audit still needs a signature", Decision.Deny, SignetErrorCode.SignatureNotFound },
        { "notation:skip", "", "skip level", Decision.Allow, SignetErrorCode.VerificationSkipped },
        { "notation:strict:other", "notation", "no statement covers the repository", Decision.Deny, SignetErrorCode.TrustPolicyNotApplicable },
        // Kinds combine with OR.
        { "vault:k1+cosign:2of2", "cosign:0,vault:k1", "vault satisfies although cosign threshold is not met", Decision.Allow, SignatureVerificationResult.Verified },
    };

    [Theory]
    [MemberData(nameof(TrustSemantics))]
    public async Task Evaluate_TrustSemantics_DecidesAsSpecified(string trust, string signatures, string @case, Decision decision, string code)
    {
        _source.Sign(s_web, signatures.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Signature).ToArray());

        var result = await EvaluateAsync(RulePolicy(trust), s_webImage);

        var verdict = Assert.Single(result.Images);
        Assert.True(decision == result.Decision && code == verdict.Code, $"{@case}: got {result.Decision} {verdict.Code}: {verdict.Message}");
    }

    [Theory]
    [InlineData("enforce", Decision.Deny)]
    [InlineData("warn", Decision.Warn)]
    [InlineData("audit", Decision.Allow)]
    public async Task Evaluate_UnsignedImage_ModeDecides(string mode, Decision decision)
    {
        var result = await EvaluateAsync(RulePolicy("vault:k1", mode: mode), s_webImage);

        var verdict = Assert.Single(result.Images);
        Assert.Equal(decision, result.Decision);
        Assert.Equal(SignetErrorCode.SignatureNotFound, verdict.Code);
        Assert.Equal(mode == "warn", verdict.Warnings.Count > 0);
        Assert.NotNull(verdict.Hint);
    }

    [Fact]
    public async Task Evaluate_UnsignedImageInWarnMode_WarningLeadsWithTheCode()
    {
        var result = await EvaluateAsync(RulePolicy("vault:k1", mode: "warn"), s_webImage);

        // kubectl shows the first 120 characters of a warning; a reference by digest alone is ~90 of them.
        var warning = Assert.Single(Assert.Single(result.Images).Warnings);
        Assert.StartsWith($"{SignetErrorCode.SignatureNotFound}: registry.example.com/shop/web", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allow", Decision.Allow)]
    [InlineData("warn", Decision.Warn)]
    [InlineData("deny", Decision.Deny)]
    public async Task Evaluate_NoRuleCovers_NoMatchDecides(string noMatch, Decision decision)
    {
        var policy = RulePolicy("vault:k1", $"  noMatch: {noMatch}\n");

        var result = await EvaluateAsync(policy, "docker.io/library/nginx:1.27");

        Assert.Equal(decision, result.Decision);
        Assert.Equal(SignetErrorCode.NoPolicyMatch, result.Images[0].Code);
        Assert.Equal(0, _source.ResolveCalls);
    }

    [Fact]
    public async Task Evaluate_ShortAndCanonicalNames_MatchTheSameRule()
    {
        var policy = RulePolicy("", scope: "nginx");

        foreach (var image in new[] { "nginx", "nginx:1.27", "docker.io/library/nginx:1.27", "index.docker.io/library/nginx" })
        {
            var result = await EvaluateAsync(policy, image);
            Assert.Equal("shop", result.Images[0].Rule);
        }
    }

    [Fact]
    public async Task Evaluate_TagOnlyWithRequireDigest_IsDeniedWithoutRegistryCall()
    {
        _source.Tag("registry.example.com/shop/web:1.0", s_web).Sign(s_web, Vault("k1"));

        var result = await EvaluateAsync(RulePolicy("vault:k1"), "registry.example.com/shop/web:1.0");

        Assert.Equal(Decision.Deny, result.Decision);
        Assert.Equal(SignetErrorCode.TagNotPinned, result.Images[0].Code);
        Assert.Equal(0, _source.ResolveCalls);
    }

    [Fact]
    public async Task Evaluate_TagOnlyWithPinDigests_VerifiesResolvedDigestAndReturnsPin()
    {
        _source.Tag("registry.example.com/shop/web:1.0", s_web).Sign(s_web, Vault("k1"));

        var result = await EvaluateAsync(RulePolicy("vault:k1", "  pinDigests: true\n"), "registry.example.com/shop/web:1.0");

        var verdict = result.Images[0];
        Assert.Equal(Decision.Allow, result.Decision);
        Assert.Equal(s_web, verdict.Digest);
        Assert.Equal($"registry.example.com/shop/web:1.0@{s_web}", verdict.PinnedReference);
    }

    [Fact]
    public async Task Evaluate_TagOnlyWithoutRequireDigest_VerifiesWithoutPin()
    {
        _source.Tag("registry.example.com/shop/web:1.0", s_web).Sign(s_web, Vault("k1"));

        var result = await EvaluateAsync(RulePolicy("vault:k1", "  requireDigest: false\n"), "registry.example.com/shop/web:1.0");

        Assert.Equal(Decision.Allow, result.Decision);
        Assert.Null(result.Images[0].PinnedReference);
    }

    [Theory]
    [InlineData("enforce", Decision.Deny)]
    [InlineData("warn", Decision.Warn)]
    public async Task Evaluate_RegistryUnreachable_FailsClosed(string mode, Decision decision)
    {
        _source.FailWith = SignetErrorCode.RegistryUnreachable;

        var result = await EvaluateAsync(RulePolicy("vault:k1", mode: mode), s_webImage);

        Assert.Equal(decision, result.Decision);
        Assert.Equal(SignetErrorCode.RegistryUnreachable, result.Images[0].Code);
    }

    [Fact]
    public async Task Evaluate_RegistryUnreachableWithinLastKnownGoodWindow_AdmitsVerifiedDigest()
    {
        var policy = RulePolicy("vault:k1", "  lastKnownGood: {window: 1h}\n");
        _source.Sign(s_web, Vault("k1"));
        Assert.Equal(Decision.Allow, (await EvaluateAsync(policy, s_webImage)).Decision);

        _time.Advance(TimeSpan.FromMinutes(30));
        _cache.Clear(); // only the last-known-good record may help: drop cached verdicts as a TTL expiry would
        _cache.Store(new VerificationCacheKey(s_web, policy.Generation, "shop"), new TrustOutcome { Satisfied = true, Code = "VERIFIED", Message = "m", VerifiedAt = _time.GetUtcNow() - TimeSpan.FromMinutes(30) });
        _time.Advance(TimeSpan.FromMinutes(11)); // past the positive TTL, so the cache entry is gone
        _source.FailWith = SignetErrorCode.RegistryUnreachable;

        var result = await EvaluateAsync(policy, s_webImage);

        Assert.Equal(Decision.Allow, result.Decision);
        Assert.Equal(SignetErrorCode.LastKnownGood, result.Images[0].Code);
    }

    [Fact]
    public async Task Evaluate_RegistryUnreachableAfterWindow_Denies()
    {
        var policy = RulePolicy("vault:k1", "  lastKnownGood: {window: 1h}\n");
        _source.Sign(s_web, Vault("k1"));
        await EvaluateAsync(policy, s_webImage);
        _time.Advance(TimeSpan.FromMinutes(61));
        _source.FailWith = SignetErrorCode.RegistryUnreachable;

        var result = await EvaluateAsync(policy, s_webImage);

        Assert.Equal(Decision.Deny, result.Decision);
        Assert.Equal(SignetErrorCode.RegistryUnreachable, result.Images[0].Code);
    }

    [Fact]
    public async Task Evaluate_LastKnownGoodOfAnotherGeneration_DoesNotCount()
    {
        var before = RulePolicy("vault:k1,k2", "  lastKnownGood: {window: 1h}\n");
        var after = RulePolicy("vault:k1", "  lastKnownGood: {window: 1h}\n");
        _source.Sign(s_web, Vault("k1"));
        await EvaluateAsync(before, s_webImage);
        _source.FailWith = SignetErrorCode.RegistryUnreachable;

        var result = await EvaluateAsync(after, s_webImage);

        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public async Task Evaluate_LastKnownGoodNotEnabled_UnreachableDenies()
    {
        var policy = RulePolicy("vault:k1");
        _source.Sign(s_web, Vault("k1"));
        await EvaluateAsync(policy, s_webImage);
        _time.Advance(TimeSpan.FromMinutes(11));
        _source.FailWith = SignetErrorCode.RegistryUnreachable;

        Assert.Equal(Decision.Deny, (await EvaluateAsync(policy, s_webImage)).Decision);
    }

    [Fact]
    public async Task Evaluate_ImageNotFound_DeniesWithCode()
    {
        _source.FailWith = SignetErrorCode.ManifestNotFound;

        var result = await EvaluateAsync(RulePolicy("vault:k1", "  lastKnownGood: {window: 1h}\n"), s_webImage);

        Assert.Equal(SignetErrorCode.ManifestNotFound, result.Images[0].Code);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    public static TheoryData<string, string, string[], string, bool, string> BreakGlassCases => new()
    {
        // policy breakGlass, user, groups, annotation, granted, code
        { "allowedUsers: [alice]", "alice", [], BreakGlassSettings.OkeAnnotation, true, SignetErrorCode.BreakGlassUsed },
        { "allowedGroups: [oncall]", "bob", ["oncall"], BreakGlassSettings.AlphaAnnotation, true, SignetErrorCode.BreakGlassUsed },
        { "allowedGroups: [oncall]", "bob", ["oncall"], BreakGlassSettings.SignetAnnotation, true, SignetErrorCode.BreakGlassUsed },
        { "allowedGroups: [oncall]", "mallory", ["devs"], BreakGlassSettings.OkeAnnotation, false, SignetErrorCode.BreakGlassNotAllowed },
        { "allowedUsers: []", "alice", [], BreakGlassSettings.OkeAnnotation, false, SignetErrorCode.BreakGlassNotAllowed },
        { "allowedUsers: [alice]\n    expires: 2026-05-01T00:00:00Z", "alice", [], BreakGlassSettings.OkeAnnotation, false, SignetErrorCode.BreakGlassExpired },
        { "allowedUsers: [alice]\n    expires: 2026-07-01T00:00:00Z", "alice", [], BreakGlassSettings.OkeAnnotation, true, SignetErrorCode.BreakGlassUsed },
    };

    [Theory]
    [MemberData(nameof(BreakGlassCases))]
    public async Task Evaluate_BreakGlass_GrantedOnlyToListedUsersBeforeExpiryAndAlwaysRecorded(string settings, string user, string[] groups, string annotation, bool granted, string code)
    {
        var policy = RulePolicy("vault:k1", $"  breakGlass:\n    {settings}\n");

        var result = await EvaluateAsync(policy, s_webImage, user: user, groups: groups, annotations: new() { [annotation] = "true" });

        var record = Assert.IsType<BreakGlassRecord>(result.BreakGlass);
        Assert.Equal((granted, code, annotation, user), (record.Granted, record.Code, record.Annotation, record.User));
        Assert.Equal(s_now, record.At);
        Assert.Equal(granted ? Decision.Allow : Decision.Deny, result.Decision);
        Assert.Equal(granted ? SignetErrorCode.BreakGlassUsed : SignetErrorCode.SignatureNotFound, result.Images[0].Code);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("yes")]
    public async Task Evaluate_BreakGlassAnnotationNotTrue_IsNotARequest(string value)
    {
        var policy = RulePolicy("vault:k1", "  breakGlass:\n    allowedUsers: [alice]\n");

        var result = await EvaluateAsync(policy, s_webImage, annotations: new() { [BreakGlassSettings.OkeAnnotation] = value });

        Assert.Null(result.BreakGlass);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Theory]
    [InlineData("kube-system", "registry.example.com/shop/web", SignetErrorCode.ImageExempt)]
    [InlineData("team-a", "registry.example.com/shop/web", SignetErrorCode.ImageExempt)]
    [InlineData("prod", "registry.k8s.io/pause", SignetErrorCode.ImageExempt)]
    [InlineData("prod", "registry.example.com/shop/web", SignetErrorCode.SignatureNotFound)]
    public async Task Evaluate_Exemptions_AdmitWithoutVerification(string @namespace, string name, string code)
    {
        var policy = RulePolicy("vault:k1", "  exemptions:\n    namespaces: [kube-system, \"team-*\"]\n    images: [\"registry.k8s.io/**\"]\n");

        var result = await EvaluateAsync(policy, $"{name}@{s_web}", @namespace);

        Assert.Equal(code, result.Images[0].Code);
    }

    [Fact]
    public async Task Evaluate_DisabledPolicy_AdmitsEverything()
    {
        var policy = RulePolicy("vault:k1", "  enabled: false\n");

        var result = await EvaluateAsync(policy, "not a valid reference!", annotations: new() { [BreakGlassSettings.OkeAnnotation] = "true" });

        Assert.Equal(Decision.Allow, result.Decision);
        Assert.Equal(SignetErrorCode.PolicyDisabled, result.Images[0].Code);
        Assert.Null(result.BreakGlass);
    }

    [Fact]
    public async Task Evaluate_InvalidReference_IsDeniedWithReason()
    {
        var result = await EvaluateAsync(RulePolicy("vault:k1", "  noMatch: allow\n"), "Registry.example.com/Shop/Web");

        Assert.Equal(Decision.Deny, result.Decision);
        Assert.Equal(SignetErrorCode.InvalidReference, result.Images[0].Code);
        Assert.Contains("lower case", result.Images[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, Decision.Allow)]
    [InlineData(false, Decision.Deny)]
    public async Task Evaluate_PlatformManifestOfSignedIndex_InheritsOnlyWhenAllowed(bool inherit, Decision decision)
    {
        var platform = DigestOf("web-amd64");
        _source.PlatformOf(platform, s_web).Sign(s_web, Vault("k1"));

        var result = await EvaluateAsync(RulePolicy("vault:k1", inherit: inherit), $"registry.example.com/shop/web:1.0@{platform}");

        Assert.Equal(decision, result.Decision);
        if (inherit)
        {
            Assert.Contains("on its index", result.Images[0].Message, StringComparison.Ordinal);
            Assert.Equal(s_web, Assert.Single(result.Images[0].Signatures).Subject);
        }
    }

    [Fact]
    public async Task Evaluate_MostSpecificRuleWins()
    {
        var policy = Load(PolicyYaml("""
              rules:
                - name: everything
                  scope: ["**"]
                - name: registry
                  scope: ["registry.example.com/**"]
                - name: team
                  scope: ["registry.example.com/shop/**"]
                - name: team-star
                  scope: ["registry.example.com/shop/*"]
                - name: exact
                  scope: ["registry.example.com/shop/web"]
                - name: prod-team
                  scope: ["registry.example.com/shop/*"]
                  namespaces: {names: [prod]}
                - name: frontends
                  scope: ["registry.example.com/*/web-frontend"]
            """));

        async Task<string?> RuleFor(string name, string @namespace = "dev") =>
            (await EvaluateAsync(policy, $"{name}@{s_web}", @namespace)).Images[0].Rule;

        Assert.Equal("exact", await RuleFor("registry.example.com/shop/web"));
        Assert.Equal("team-star", await RuleFor("registry.example.com/shop/api"));
        Assert.Equal("prod-team", await RuleFor("registry.example.com/shop/api", "prod"));
        Assert.Equal("team", await RuleFor("registry.example.com/shop/api/v2"));
        Assert.Equal("registry", await RuleFor("registry.example.com/other"));
        Assert.Equal("everything", await RuleFor("quay.io/other/image"));
        Assert.Equal("frontends", await RuleFor("registry.example.com/shop/web-frontend"));
        Assert.Equal("frontends", await RuleFor("registry.example.com/cart/web-frontend"));
    }

    [Fact]
    public async Task Evaluate_NamespaceLabelSelector_SelectsRule()
    {
        var policy = Load(PolicyYaml("""
              noMatch: allow
              rules:
                - name: restricted
                  scope: ["**"]
                  namespaces:
                    selector:
                      matchLabels: {signet.dev/enforce: "true"}
                      matchExpressions: [{key: tier, operator: NotIn, values: [sandbox]}]
                  trust: {vaultKeys: [k1]}
            """));

        Assert.Equal(Decision.Deny, (await EvaluateAsync(policy, s_webImage, labels: new() { ["signet.dev/enforce"] = "true" })).Decision);
        Assert.Equal(Decision.Allow, (await EvaluateAsync(policy, s_webImage, labels: new() { ["signet.dev/enforce"] = "true", ["tier"] = "sandbox" })).Decision);
        Assert.Equal(Decision.Allow, (await EvaluateAsync(policy, s_webImage, labels: [])).Decision);
    }

    [Fact]
    public async Task Evaluate_ThousandTrustedKeys_AnyOneSuffices()
    {
        var keys = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"key-{i}"));
        _source.Sign(s_web, Vault("key-999"));

        var result = await EvaluateAsync(RulePolicy("vault:" + keys), s_webImage);

        Assert.Equal(Decision.Allow, result.Decision);
        Assert.Equal(21, result.Images[0].TrustedKeys.Count);
        Assert.Equal("and 980 more", result.Images[0].TrustedKeys[^1]);
    }

    [Fact]
    public async Task Evaluate_SecondTime_ServedFromCacheWithoutRegistry()
    {
        var policy = RulePolicy("vault:k1");
        _source.Sign(s_web, Vault("k1"));

        var first = await EvaluateAsync(policy, s_webImage);
        var second = await EvaluateAsync(policy, s_webImage);

        Assert.False(first.Images[0].FromCache);
        Assert.True(second.Images[0].FromCache);
        Assert.Equal(1, _source.VerifyCalls);
        Assert.Equal(1, _source.ResolveCalls);
    }

    [Fact]
    public async Task Evaluate_SeveralImages_DenyWinsOverWarnAndAllow()
    {
        var policy = Load(PolicyYaml("""
              noMatch: warn
              rules:
                - name: shop
                  scope: ["registry.example.com/shop/**"]
                  trust: {vaultKeys: [k1]}
            """));
        _source.Sign(s_web, Vault("k1"));
        var unsigned = DigestOf("api");

        var result = await _evaluator.EvaluateAsync(policy, new PolicyEvaluationRequest
        {
            Images = [s_webImage, "quay.io/x/y:1", $"registry.example.com/shop/api@{unsigned}"],
            Namespace = "prod",
        });

        Assert.Equal(Decision.Deny, result.Decision);
        Assert.Equal([Decision.Allow, Decision.Warn, Decision.Deny], result.Images.Select(i => i.Decision));
    }

    [Fact]
    public async Task Verdict_DeniedImage_ExplainsSignaturesKeysAndNextStep()
    {
        _source.Sign(s_web, Vault("k9", "v3"), Vault("k1", "v1", valid: false));

        var result = await EvaluateAsync(RulePolicy("vault:k1,k2"), s_webImage);

        var verdict = result.Images[0];
        Assert.Equal(2, verdict.Signatures.Count);
        Assert.All(verdict.Signatures, s => Assert.False(s.Accepted));
        Assert.Equal(SignetErrorCode.KeyNotTrusted, verdict.Signatures[0].Code);
        Assert.Equal("k9", verdict.Signatures[0].Signer!.KeyId);
        Assert.Equal("v3", verdict.Signatures[0].Signer!.KeyVersion);
        Assert.Equal("SHA_256_RSA_PKCS_PSS", verdict.Signatures[0].Algorithm);
        Assert.Equal(SignetErrorCode.SignatureInvalid, verdict.Signatures[1].Code);
        Assert.Equal(["vault k1", "vault k2"], verdict.TrustedKeys);
        Assert.Contains("sign with a key that rule 'shop' trusts", verdict.Hint, StringComparison.Ordinal);
        var json = result.ToJson();
        Assert.Contains("\"decision\": \"Deny\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keyVersion\": \"v3\"", json, StringComparison.Ordinal);
        Assert.Contains("KEY_NOT_TRUSTED", result.ToShortMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verdict_ShortMessage_StaysUnderOneKibibyteForManyImages()
    {
        var images = Enumerable.Range(0, 40).Select(i => $"registry.example.com/shop/app{i}@{DigestOf("x" + i)}").ToArray();

        var result = await _evaluator.EvaluateAsync(RulePolicy("vault:k1"), new PolicyEvaluationRequest { Images = images, Namespace = "prod" });
        var message = result.ToShortMessage();

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(message) <= PolicyDecision.MaxShortMessageBytes, $"{message.Length}");
        Assert.StartsWith("signet: denied 40 of 40 image(s)", message, StringComparison.Ordinal);
        Assert.EndsWith("(truncated; full verdict in the webhook log)", message, StringComparison.Ordinal);
    }
}
