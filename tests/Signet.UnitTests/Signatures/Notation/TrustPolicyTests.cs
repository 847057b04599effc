using Signet.Signatures.Notation.Trust;

namespace Signet.UnitTests.Signatures.Notation;

public sealed class TrustPolicyTests
{
    [Theory]
    [InlineData("strict", VerificationCheck.Authenticity, ValidationAction.Enforce)]
    [InlineData("strict", VerificationCheck.Revocation, ValidationAction.Enforce)]
    [InlineData("permissive", VerificationCheck.Authenticity, ValidationAction.Enforce)]
    [InlineData("permissive", VerificationCheck.Expiry, ValidationAction.Log)]
    [InlineData("permissive", VerificationCheck.AuthenticTimestamp, ValidationAction.Log)]
    [InlineData("audit", VerificationCheck.Authenticity, ValidationAction.Log)]
    [InlineData("audit", VerificationCheck.Integrity, ValidationAction.Enforce)]
    [InlineData("skip", VerificationCheck.Integrity, ValidationAction.Skip)]
    public void ActionFor_Level_FollowsSpecTable(string level, VerificationCheck check, ValidationAction expected)
    {
        var stores = level == "skip" ? string.Empty : "\"trustStores\":[\"ca:x\"],\"trustedIdentities\":[\"*\"],";
        var document = TrustPolicyDocument.Parse($$$"""{"version":"1.0","trustPolicies":[{"name":"p",{{{stores}}}"registryScopes":["*"],"signatureVerification":{"level":"{{{level}}}"}}]}""");

        Assert.Equal(expected, document.Statements[0].ActionFor(check));
    }

    [Fact]
    public void Override_ReplacesLevelAction()
    {
        var document = TrustPolicyDocument.Parse("""{"version":"1.0","trustPolicies":[{"name":"p","registryScopes":["*"],"signatureVerification":{"level":"strict","override":{"revocation":"skip","expiry":"log"}},"trustStores":["ca:x"],"trustedIdentities":["*"]}]}""");

        Assert.Equal(ValidationAction.Skip, document.Statements[0].ActionFor(VerificationCheck.Revocation));
        Assert.Equal(ValidationAction.Log, document.Statements[0].ActionFor(VerificationCheck.Expiry));
        Assert.Equal(ValidationAction.Enforce, document.Statements[0].ActionFor(VerificationCheck.Authenticity));
    }

    [Fact]
    public void Parse_ManyErrors_ReportsAllAtOnce()
    {
        var ok = TrustPolicyDocument.TryParse("""{"version":"2.0","trustPolicies":[{"name":"a","registryScopes":[],"signatureVerification":{"level":"paranoid"},"trustStores":["xx:y"],"trustedIdentities":["*"]}]}""", out _, out var errors);

        Assert.False(ok);
        Assert.True(errors.Count >= 4, string.Join(Environment.NewLine, errors));
        Assert.Contains(errors, e => e.Contains("unsupported version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'paranoid'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("zero registry scopes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unsupported trust store type 'xx'", StringComparison.Ordinal));
    }

    [Fact]
    public void FindStatement_PrefersExactScopeOverWildcard()
    {
        var document = TrustPolicyDocument.Parse("""{"version":"1.0","trustPolicies":[{"name":"all","registryScopes":["*"],"signatureVerification":{"level":"audit"},"trustStores":["ca:x"],"trustedIdentities":["*"]},{"name":"app","registryScopes":["registry.example.com:5000/team/app"],"signatureVerification":{"level":"strict"},"trustStores":["ca:x"],"trustedIdentities":["*"]}]}""");

        Assert.Equal("app", document.FindStatement("registry.example.com:5000/team/app")!.Name);
        Assert.Equal("all", document.FindStatement("registry.example.com:5000/team/other")!.Name);
    }

    [Theory]
    [InlineData("C=US, ST=WA, O=Acme", "CN=builder,O=Acme,L=Seattle,ST=WA,C=US", true)]
    [InlineData("C=US, S=WA, O=Acme", "CN=builder,O=Acme,ST=WA,C=US", true)]
    [InlineData("C=US,ST=WA,O=acme", "CN=builder,O=Acme,ST=WA,C=US", false)]
    [InlineData("C=US,ST=WA,O=Acme\\, Inc.", "O=Acme\\, Inc.,ST=WA,C=US", true)]
    public void DistinguishedName_SubsetMatching_IsExactAndCaseSensitive(string policy, string certificate, bool matches)
    {
        Assert.True(DistinguishedName.TryParse(policy, out var p, out var e1), e1);
        Assert.True(DistinguishedName.TryParse(certificate, out var c, out var e2), e2);

        Assert.Equal(matches, DistinguishedName.IsSubset(p, c));
    }

    [Theory]
    [InlineData("C=US+ST=WA,O=Acme", "multi-valued")]
    [InlineData("C=US,C=CA,O=Acme", "more than once")]
    [InlineData("C=#1234,O=Acme", "=#")]
    [InlineData("C", "without a value")]
    public void DistinguishedName_Unsupported_IsRejected(string text, string reason)
    {
        Assert.False(DistinguishedName.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
