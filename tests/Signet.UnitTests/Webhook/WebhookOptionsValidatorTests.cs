using Signet.Webhook.Hosting;

namespace Signet.UnitTests.Webhook;

public sealed class WebhookOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new WebhookOptionsValidator().Validate(null, new WebhookOptions()).Succeeded);
        Assert.True(new WebhookOptionsAttributeValidator().Validate(null, new WebhookOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BudgetNotBelowApiServerTimeout_FailsNamingBoth()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions { DecisionBudget = TimeSpan.FromSeconds(10), ApiServerTimeout = TimeSpan.FromSeconds(10) });

        Assert.True(result.Failed);
        Assert.Contains("DecisionBudget (00:00:10) must be below Webhook:ApiServerTimeout (00:00:10)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new WebhookOptions
        {
            ListenUrl = "http://127.0.0.1:8443",
            TlsCertificateFile = "/nonexistent/tls.crt",
            DecisionBudget = TimeSpan.FromSeconds(20),
        };

        var result = new WebhookOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("must be given together", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("/nonexistent/tls.crt' does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DecisionBudget", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://signet.example.com:8443", "not the host name")]
    [InlineData("https://127.0.0.1:8443/validate", "must not have a path")]
    [InlineData("not a url", "is not an absolute URL")]
    public void Validate_BadListenUrl_SaysWhatToUse(string url, string expected)
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions { ListenUrl = url });

        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BodyLimitOutOfRange_FailsTheAttributeRules()
    {
        var result = new WebhookOptionsAttributeValidator().Validate(null, new WebhookOptions { MaxRequestBodyBytes = 10 });

        Assert.True(result.Failed);
        Assert.Contains("MaxRequestBodyBytes", result.FailureMessage, StringComparison.Ordinal);
    }
}
