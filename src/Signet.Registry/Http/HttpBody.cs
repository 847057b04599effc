using System.Buffers;
using Signet.Core.Errors;

namespace Signet.Registry.Http;

/// <summary>Reads response bodies with a hard size limit; nothing is read unbounded into memory.</summary>
internal static class HttpBody
{
    /// <summary>
    /// Reads the body of <paramref name="response"/> when it is at most <paramref name="limit"/> bytes; a larger declared
    /// or actual length throws <paramref name="tooLargeCode"/> before more than <paramref name="limit"/> + 1 bytes are read.
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, long limit, string what, string tooLargeCode, RegistryCall call)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw TooLarge(response, limit, what, tooLargeCode, call, declared);
        }

        var stream = await response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var capacity = (int)Math.Min(response.Content.Headers.ContentLength ?? 16 * 1024, limit + 1);
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1024));
            try
            {
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, length).CopyTo(next);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = next;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, limit + 1 - length)), call.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        throw TooLarge(response, limit, what, tooLargeCode, call, null);
                    }
                }

                return buffer.AsSpan(0, length).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static RegistryException TooLarge(HttpResponseMessage response, long limit, string what, string code, RegistryCall call, long? declared) =>
        new(code, $"The {what} from {call.Registry}/{call.Repository} is {(declared is { } d ? d + " bytes" : "larger than the limit")}; Signet reads at most {limit} bytes. A registry sending that much is misbehaving or the content is not what it claims to be.")
        {
            Registry = call.Registry,
            Repository = call.Repository,
            Method = response.RequestMessage?.Method.Method,
            RequestUri = response.RequestMessage?.RequestUri,
            StatusCode = response.StatusCode,
        };

    /// <summary>The code for an oversized manifest (<see cref="SignetErrorCode.InvalidManifest"/>).</summary>
    public const string ManifestTooLarge = SignetErrorCode.InvalidManifest;
}
