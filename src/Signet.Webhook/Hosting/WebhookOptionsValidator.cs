using Microsoft.Extensions.Options;

namespace Signet.Webhook.Hosting;

/// <summary>Cross-field checks of <see cref="WebhookOptions"/>; reports every problem at once with the offending values.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.ListenUrl, UriKind.Absolute, out var uri))
        {
            errors.Add($"Webhook:ListenUrl '{options.ListenUrl}' is not an absolute URL; use https://<ip-or-localhost>:<port>, e.g. https://0.0.0.0:8443.");
        }
        else if (uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"Webhook:ListenUrl '{options.ListenUrl}' must use https: the API server calls webhooks over TLS only.");
        }
        else if (uri.Host != "localhost" && !System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            errors.Add($"Webhook:ListenUrl '{options.ListenUrl}' must name an IP address (0.0.0.0 or [::] for all interfaces) or localhost, not the host name '{uri.Host}'.");
        }
        else if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            errors.Add($"Webhook:ListenUrl '{options.ListenUrl}' must not have a path or query; the endpoints are /validate, /mutate, /provider.");
        }

        var hasCert = !string.IsNullOrWhiteSpace(options.TlsCertificateFile);
        var hasKey = !string.IsNullOrWhiteSpace(options.TlsKeyFile);
        if (hasCert != hasKey)
        {
            errors.Add($"Webhook:TlsCertificateFile ('{options.TlsCertificateFile}') and Webhook:TlsKeyFile ('{options.TlsKeyFile}') must be given together, or neither for a self-signed certificate.");
        }

        if (hasCert && !File.Exists(options.TlsCertificateFile))
        {
            errors.Add($"Webhook:TlsCertificateFile '{options.TlsCertificateFile}' does not exist.");
        }

        if (hasKey && !File.Exists(options.TlsKeyFile))
        {
            errors.Add($"Webhook:TlsKeyFile '{options.TlsKeyFile}' does not exist.");
        }

        if (!hasCert && string.IsNullOrWhiteSpace(options.SelfSignedCertificateDirectory))
        {
            errors.Add("Webhook:SelfSignedCertificateDirectory is empty and no certificate is given; set one of them.");
        }

        if (options.DecisionBudget >= options.ApiServerTimeout)
        {
            errors.Add($"Webhook:DecisionBudget ({options.DecisionBudget}) must be below Webhook:ApiServerTimeout ({options.ApiServerTimeout}) so that Signet answers before the API server gives up; e.g. 8s of 10s.");
        }

        if (!Enum.IsDefined(options.DigestPinning))
        {
            errors.Add($"Webhook:DigestPinning '{options.DigestPinning}' is not one of {string.Join(", ", Enum.GetNames<DigestPinningMode>())}.");
        }

        if (!Enum.IsDefined(options.UnknownKinds))
        {
            errors.Add($"Webhook:UnknownKinds '{options.UnknownKinds}' is not one of {string.Join(", ", Enum.GetNames<UnknownKindHandling>())}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
