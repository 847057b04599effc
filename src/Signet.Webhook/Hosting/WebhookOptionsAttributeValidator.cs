using Microsoft.Extensions.Options;

namespace Signet.Webhook.Hosting;

/// <summary>Source-generated checks of the attribute rules on <see cref="WebhookOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class WebhookOptionsAttributeValidator : IValidateOptions<WebhookOptions>;
