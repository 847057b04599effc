using Signet.Webhook.Hosting;

// The webhook host: webhook options from configuration (Webhook__*), the application layer from the Signet section
// (Signet__PolicyPath, Signet__Home...), the endpoints.
var builder = SignetWebhookHost.CreateBuilder(args);
builder.AddSignetApplication();
var app = SignetWebhookHost.BuildApp(builder);
await app.RunAsync().ConfigureAwait(false);
