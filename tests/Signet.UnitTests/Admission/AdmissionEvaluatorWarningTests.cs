using Signet.Admission;
using Signet.Core.Errors;
using Signet.Policy.Verdicts;

namespace Signet.UnitTests.Admission;

/// <summary>Warnings reach the user through kubectl, which shows at most 120 characters of each: the code must survive.</summary>
public sealed class AdmissionEvaluatorWarningTests
{
    private const string Reference = "phx.ocir.io/tenancy-namespace/team/payments/web:1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void ToAdmissionDecision_WarnModeWithLongDigestReference_OneWarningLeadingWithTheCodeWithin120Characters()
    {
        var verdict = Verdict(SignetErrorCode.SignatureNotFound, [$"{SignetErrorCode.SignatureNotFound}: {Reference} (rule 'payments' is in warn mode)"]);

        var decision = AdmissionEvaluator.ToAdmissionDecision(Decision(verdict), [new ContainerImage(Reference, "web", "/spec/containers/0/image", "containers")]);

        var warning = Assert.Single(decision.Warnings);
        Assert.True(decision.Allowed);
        Assert.StartsWith("SIGNATURE_NOT_FOUND: phx.ocir.io/", warning, StringComparison.Ordinal);
        Assert.EndsWith("(rule 'payments' is in warn mode)", warning, StringComparison.Ordinal);
        Assert.Contains("...", warning, StringComparison.Ordinal);
        Assert.True(warning.Length <= 120, warning);
    }

    [Fact]
    public void ToAdmissionDecision_WarnWithoutCodedWarning_AddsOneLeadingWithTheCode()
    {
        var verdict = Verdict(SignetErrorCode.NoPolicyMatch, ["No rule of policy 'p' covers phx.ocir.io/tenancy-namespace/team/payments/web in namespace 'default'; noMatch is warn."]);

        var decision = AdmissionEvaluator.ToAdmissionDecision(Decision(verdict), [new ContainerImage(Reference, "web", "/spec/containers/0/image", "containers")]);

        Assert.Equal(2, decision.Warnings.Count);
        Assert.StartsWith("NO_POLICY_MATCH: phx.ocir.io/", decision.Warnings[0], StringComparison.Ordinal);
        Assert.EndsWith("cdef", decision.Warnings[0], StringComparison.Ordinal);
        Assert.All(decision.Warnings, w => Assert.True(w.Length <= 120, w));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(120)]
    [InlineData(121)]
    [InlineData(500)]
    public void Shorten_AnyLength_AtMost120CharactersKeepingBothEnds(int length)
    {
        var text = "S" + new string('x', Math.Max(0, length - 2)) + "E";

        var shortened = AdmissionEvaluator.Shorten(text);

        Assert.True(shortened.Length <= 120, shortened);
        Assert.Equal(length <= 120 ? text : text[..58] + "..." + text[^59..], shortened);
    }

    private static ImageVerdict Verdict(string code, IReadOnlyList<string> warnings) => new()
    {
        Image = Reference,
        Reference = Reference,
        Decision = Signet.Policy.Verdicts.Decision.Warn,
        Code = code,
        Message = "not signed",
        Warnings = warnings,
    };

    private static PolicyDecision Decision(ImageVerdict verdict) => new()
    {
        Decision = Signet.Policy.Verdicts.Decision.Warn,
        Policy = "p",
        Generation = "g",
        Images = [verdict],
        Namespace = "default",
    };
}
