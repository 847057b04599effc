using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Signet.IntegrationTests.Webhook;

/// <summary>Applies an RFC 6902 patch from the webhook with ASP.NET Core's System.Text.Json JSON Patch implementation.</summary>
internal static class JsonPatchApplier
{
    public static JsonObject Apply(JsonObject target, byte[] patch)
    {
        var document = JsonSerializer.Deserialize<JsonPatchDocument>(patch, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("the patch is JSON null");
        var copy = target.DeepClone().AsObject();
        document.ApplyTo(copy);
        return copy;
    }
}
