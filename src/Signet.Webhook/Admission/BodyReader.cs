using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Signet.Core.Errors;

namespace Signet.Webhook.Admission;

/// <summary>
/// Reads a JSON request body up to a size limit straight from the connection's pooled pipe buffers and deserializes
/// it with the source-generated context, turning every way a body can be wrong into a <see cref="RequestError"/>.
/// </summary>
internal static class BodyReader
{
    public static async Task<(T? Value, RequestError? Error, int StatusCode)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RequestError(SignetErrorCode.InvalidAdmissionRequest, $"Content-Type '{contentType}' is not JSON; send application/json."), StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(request.ContentLength.Value, maxBytes), StatusCodes.Status413PayloadTooLarge);
        }

        var reader = request.BodyReader;
        ReadResult read;
        while (true)
        {
            try
            {
                read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (null, TooLarge(null, maxBytes), StatusCodes.Status413PayloadTooLarge);
            }

            if (read.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return (null, TooLarge(null, maxBytes), StatusCodes.Status413PayloadTooLarge);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            // Nothing consumed yet: ask for more until the whole body is buffered.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        try
        {
            if (read.Buffer.IsEmpty)
            {
                return (null, new RequestError(SignetErrorCode.InvalidAdmissionRequest, "The request body is empty; send a JSON document."), StatusCodes.Status400BadRequest);
            }

            var json = new Utf8JsonReader(read.Buffer, new JsonReaderOptions { MaxDepth = 128 });
            var value = JsonSerializer.Deserialize(ref json, typeInfo);
            return value is null
                ? (null, new RequestError(SignetErrorCode.InvalidAdmissionRequest, "The request body is JSON null; send a JSON object."), StatusCodes.Status400BadRequest)
                : (value, null, StatusCodes.Status200OK);
        }
        catch (JsonException ex)
        {
            // JsonException messages name the path and position, never internals.
            return (null, new RequestError(SignetErrorCode.InvalidAdmissionRequest, $"The request body is not a valid {typeof(T).Name}: {ex.Message}"), StatusCodes.Status400BadRequest);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private static RequestError TooLarge(long? length, long maxBytes) =>
        new(SignetErrorCode.RequestTooLarge, $"The request body{(length is null ? string.Empty : $" ({length} bytes)")} is larger than the {maxBytes}-byte limit (Webhook:MaxRequestBodyBytes).");
}
