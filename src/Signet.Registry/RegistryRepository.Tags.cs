using System.Runtime.CompilerServices;
using System.Text.Json;
using Signet.Core.Errors;
using Signet.Registry.Http;

namespace Signet.Registry;

public sealed partial class RegistryRepository
{
    /// <summary>
    /// Lists the repository's tags, <paramref name="pageSize"/> per request, following the <c>Link</c> header; each
    /// page is one call with its own deadline.
    /// </summary>
    public async IAsyncEnumerable<string> ListTagsAsync(int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        string? target = ApiPath($"tags/list?n={pageSize}");
        while (target is not null)
        {
            var current = target;
            var (tags, next) = await RunAsync("list tags", async call =>
            {
                using var response = await SendAsync(call, new RegistryRequest(HttpMethod.Get, current, PullScope) { Accept = ["application/json"] }).ConfigureAwait(false);
                if (!IsSuccess(response))
                {
                    throw await _transport.ErrorAsync(call, response, null, "could not list tags").ConfigureAwait(false);
                }

                var bytes = await HttpBody.ReadAsync(response, 4 * 1024 * 1024, "tag list", SignetErrorCode.ContentTooLarge, call).ConfigureAwait(false);
                TagList? list;
                try
                {
                    list = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.TagList);
                }
                catch (JsonException ex)
                {
                    throw new RegistryException(SignetErrorCode.RegistryUnreachable, $"{RegistryTransport.Describe(call)}: the tag list is malformed JSON: {ex.Message}", ex)
                    {
                        Registry = Registry,
                        Repository = Repository,
                        RequestUri = response.RequestMessage?.RequestUri,
                    };
                }

                return (list?.Tags ?? [], LinkHeader.Next(response, response.RequestMessage!.RequestUri!)?.ToString());
            }, cancellationToken).ConfigureAwait(false);

            foreach (var tag in tags)
            {
                yield return tag;
            }

            target = next;
        }
    }
}
