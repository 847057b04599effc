using Signet.Webhook.Hosting;

// The webhook host: options from appsettings/environment (Webhook__*), the application's evaluator, the endpoints.
// The application layer's AddSignet() will register the real IAdmissionEvaluator here; until then every request is
// denied and /readyz answers 503 (fail closed).
var builder = SignetWebhookHost.CreateBuilder(args);
var app = SignetWebhookHost.BuildApp(builder);
await app.RunAsync().ConfigureAwait(false);
