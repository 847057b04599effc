using Signet.Webhook.Admission;

namespace Signet.UnitTests.Webhook;

public sealed class AdmissionWarningsTests
{
    [Fact]
    public void Limit_LongWarning_IsCutTo120Characters()
    {
        var result = AdmissionWarnings.Limit([new string('x', 500)]);

        var warning = Assert.Single(result!);
        Assert.Equal(120, warning.Length);
        Assert.EndsWith("...", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_ManyWarnings_StayUnder4096CharactersAndSayHowManyWereLeftOut()
    {
        var result = AdmissionWarnings.Limit(Enumerable.Range(0, 200).Select(i => $"image {i}: " + new string('w', 100)));

        Assert.NotNull(result);
        Assert.True(result.Sum(w => w.Length) <= 4096, $"total {result.Sum(w => w.Length)}");
        Assert.All(result, w => Assert.True(w.Length <= 120));
        Assert.Contains("more warning(s) left out", result[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_NoWarnings_IsNull() => Assert.Null(AdmissionWarnings.Limit(["", "  "]));

    [Fact]
    public void Limit_MultiLineWarning_BecomesOneLine() =>
        Assert.Equal("a b", Assert.Single(AdmissionWarnings.Limit(["a\nb"])!));
}
