using System.Net;
using System.Net.Http.Headers;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry.Http;

namespace Signet.Registry;

public sealed partial class RegistryRepository
{
    /// <inheritdoc />
    public Task<byte[]> FetchBlobAsync(Descriptor descriptor, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var limit = CheckBlobLimit(descriptor, maxBytes);
        return RunAsync($"fetch blob {descriptor.Digest}", async call =>
        {
            using var response = await GetBlobAsync(call, descriptor).ConfigureAwait(false);
            byte[] bytes;
            try
            {
                bytes = await HttpBody.ReadAsync(response, Math.Min(limit, descriptor.Size), $"blob {descriptor.Digest}", SignetErrorCode.ContentTooLarge, call).ConfigureAwait(false);
            }
            catch (RegistryException ex) when (ex.Code == SignetErrorCode.ContentTooLarge)
            {
                throw new RegistryException(SignetErrorCode.DigestMismatch, $"{RegistryTransport.Describe(call)}: the registry sent more than the {descriptor.Size} bytes blob {descriptor.Digest} has; it is serving wrong content.", ex)
                {
                    Registry = Registry,
                    Repository = Repository,
                    RequestUri = call.LastUri,
                    ExpectedDigest = descriptor.Digest,
                };
            }

            Verify(call, descriptor, bytes.Length, Digest.Compute(bytes, descriptor.Digest.Algorithm));
            return bytes;
        }, cancellationToken);
    }

    /// <summary>
    /// Streams a blob into <paramref name="destination"/> while hashing it; throws when the size or digest differ (the
    /// caller must then discard what was written).
    /// </summary>
    public Task FetchBlobToAsync(Descriptor descriptor, Stream destination, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(destination);
        CheckBlobLimit(descriptor, maxBytes);
        return RunAsync<bool>($"fetch blob {descriptor.Digest}", async call =>
        {
            using var response = await GetBlobAsync(call, descriptor).ConfigureAwait(false);
            var source = await response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                using var hash = descriptor.Digest.CreateIncrementalHash();
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, call.Token).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > descriptor.Size)
                    {
                        Verify(call, descriptor, total, null);
                    }

                    hash.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), call.Token).ConfigureAwait(false);
                }

                Verify(call, descriptor, total, Digest.FromHash(descriptor.Digest.Algorithm, hash.GetHashAndReset()));
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>True when the repository has the blob (HEAD).</summary>
    public Task<bool> BlobExistsAsync(Digest digest, CancellationToken cancellationToken = default) =>
        RunAsync($"check blob {digest}", call => BlobExistsCoreAsync(call, digest, PullScope), cancellationToken);

    /// <inheritdoc />
    public Task PushBlobAsync(Descriptor descriptor, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (content.Length != descriptor.Size || !descriptor.Digest.Matches(content.Span))
        {
            throw new ArgumentException($"The content ({content.Length} bytes) does not match the descriptor ({descriptor.Size} bytes, {descriptor.Digest}).", nameof(content));
        }

        return RunAsync<bool>($"push blob {descriptor.Digest}", async call =>
        {
            if (await BlobExistsCoreAsync(call, descriptor.Digest, PushScope).ConfigureAwait(false))
            {
                return true;
            }

            var location = await StartUploadAsync(call).ConfigureAwait(false);
            if (content.Length <= _client.Options.MonolithicUploadMaxBytes)
            {
                await CompleteUploadAsync(call, location, descriptor.Digest, content).ConfigureAwait(false);
                return true;
            }

            var offset = 0;
            await UploadChunksAsync(call, location, descriptor.Digest, (size, _) =>
            {
                var chunk = content.Slice(offset, Math.Min(size, content.Length - offset));
                offset += chunk.Length;
                return ValueTask.FromResult(chunk);
            }).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Stores a blob read from <paramref name="content"/>; blobs above
    /// <see cref="RegistryClientOptions.MonolithicUploadMaxBytes"/> go up in chunks, never held whole in memory.
    /// </summary>
    public Task PushBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        return RunAsync<bool>($"push blob {descriptor.Digest}", async call =>
        {
            if (await BlobExistsCoreAsync(call, descriptor.Digest, PushScope).ConfigureAwait(false))
            {
                return true;
            }

            var location = await StartUploadAsync(call).ConfigureAwait(false);
            using var hash = descriptor.Digest.CreateIncrementalHash();
            var buffer = new byte[(int)Math.Min(_client.Options.UploadChunkBytes, Math.Max(descriptor.Size, 1))];
            long total = 0;
            await UploadChunksAsync(call, location, descriptor.Digest, async (size, token) =>
            {
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), token).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                total += filled;
                hash.AppendData(buffer, 0, filled);
                if (filled == 0 || total > descriptor.Size)
                {
                    // End of stream: the content must be exactly what the descriptor says before the upload is committed.
                    var digest = Digest.FromHash(descriptor.Digest.Algorithm, hash.GetHashAndReset());
                    if (total != descriptor.Size || digest != descriptor.Digest)
                    {
                        throw new ArgumentException($"The stream ({total} bytes, {digest}) does not match the descriptor ({descriptor.Size} bytes, {descriptor.Digest}).", nameof(content));
                    }
                }

                return buffer.AsMemory(0, filled);
            }).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Asks the registry to link a blob from <paramref name="fromRepository"/> of the same registry into this one
    /// without uploading it; false when the registry declined (the caller then pushes the blob).
    /// </summary>
    public Task<bool> MountBlobAsync(Descriptor descriptor, string fromRepository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentException.ThrowIfNullOrEmpty(fromRepository);
        return RunAsync($"mount blob {descriptor.Digest} from {fromRepository}", async call =>
        {
            var target = ApiPath($"blobs/uploads/?mount={Uri.EscapeDataString(descriptor.Digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}");
            var request = new RegistryRequest(HttpMethod.Post, target, $"{PushScope} repository:{fromRepository}:pull");
            using var response = await SendAsync(call, request).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return true;
            }

            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                // The registry opened an ordinary upload instead; cancel it so no session is left behind.
                if (response.Headers.Location is { } location)
                {
                    var cancel = new RegistryRequest(HttpMethod.Delete, new Uri(response.RequestMessage!.RequestUri!, location).ToString(), PushScope);
                    using var cancelled = await SendAsync(call, cancel).ConfigureAwait(false);
                }

                return false;
            }

            throw await _transport.ErrorAsync(call, response, null, $"could not mount blob {descriptor.Digest} from {fromRepository}").ConfigureAwait(false);
        }, cancellationToken);
    }

    private long CheckBlobLimit(Descriptor descriptor, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var limit = Math.Min(maxBytes, _client.Options.MaxBlobBytes);
        if (descriptor.Size < 0)
        {
            throw new RegistryException(SignetErrorCode.InvalidManifest, $"Registry {Registry}, repository {Repository}: the descriptor of blob {descriptor.Digest} has a negative size ({descriptor.Size}).")
            {
                Registry = Registry,
                Repository = Repository,
            };
        }

        if (descriptor.Size > limit)
        {
            throw new RegistryException(SignetErrorCode.ContentTooLarge, $"Registry {Registry}, repository {Repository}: blob {descriptor.Digest} is {descriptor.Size} bytes; the limit for this read is {limit} bytes, so it was not downloaded.")
            {
                Registry = Registry,
                Repository = Repository,
            };
        }

        return limit;
    }

    private async Task<HttpResponseMessage> GetBlobAsync(RegistryCall call, Descriptor descriptor)
    {
        var response = await SendAsync(call, new RegistryRequest(HttpMethod.Get, ApiPath("blobs/" + descriptor.Digest), PullScope)).ConfigureAwait(false);
        if (IsSuccess(response))
        {
            return response;
        }

        var code = IsNotFound(response) ? SignetErrorCode.BlobNotFound : null;
        throw await _transport.ErrorAsync(call, response, code, $"could not fetch blob {descriptor.Digest}").ConfigureAwait(false);
    }

    private void Verify(RegistryCall call, Descriptor descriptor, long length, Digest? received)
    {
        if (length != descriptor.Size)
        {
            throw new RegistryException(SignetErrorCode.DigestMismatch, $"{RegistryTransport.Describe(call)}: the registry sent {(length > descriptor.Size ? "more than " : string.Empty)}{length} bytes for blob {descriptor.Digest}, which has {descriptor.Size}; it is serving wrong content.")
            {
                Registry = Registry,
                Repository = Repository,
                RequestUri = call.LastUri,
                ExpectedDigest = descriptor.Digest,
            };
        }

        if (received is { } r && r != descriptor.Digest)
        {
            throw Mismatch(call, $"blob {descriptor.Digest}", descriptor.Digest, r, call.LastUri);
        }
    }

    private async Task<bool> BlobExistsCoreAsync(RegistryCall call, Digest digest, string scope)
    {
        using var response = await SendAsync(call, new RegistryRequest(HttpMethod.Head, ApiPath("blobs/" + digest), scope)).ConfigureAwait(false);
        if (IsSuccess(response))
        {
            return true;
        }

        if (IsNotFound(response))
        {
            return false;
        }

        throw await _transport.ErrorAsync(call, response, null, $"could not check blob {digest}").ConfigureAwait(false);
    }

    private async Task<Uri> StartUploadAsync(RegistryCall call)
    {
        using var response = await SendAsync(call, new RegistryRequest(HttpMethod.Post, ApiPath("blobs/uploads/"), PushScope)).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
        {
            throw await _transport.ErrorAsync(call, response, null, "could not start a blob upload").ConfigureAwait(false);
        }

        return new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location);
    }

    private async Task CompleteUploadAsync(RegistryCall call, Uri location, Digest digest, ReadOnlyMemory<byte> content)
    {
        var target = location + (location.Query.Length > 0 ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest.ToString());
        var request = new RegistryRequest(HttpMethod.Put, target, PushScope)
        {
            Content = () =>
            {
                var body = new ReadOnlyMemoryContent(content);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return body;
            },
        };
        using var response = await SendAsync(call, request).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await _transport.ErrorAsync(call, response, response.StatusCode == HttpStatusCode.BadRequest ? SignetErrorCode.DigestMismatch : null, $"could not complete the upload of blob {digest}").ConfigureAwait(false);
        }
    }

    private async Task UploadChunksAsync(RegistryCall call, Uri location, Digest digest, Func<int, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> nextChunk)
    {
        long offset = 0;
        while (true)
        {
            var chunk = await nextChunk(_client.Options.UploadChunkBytes, call.Token).ConfigureAwait(false);
            if (chunk.Length == 0)
            {
                break;
            }

            var start = offset;
            var request = new RegistryRequest(HttpMethod.Patch, location.ToString(), PushScope)
            {
                Content = () =>
                {
                    var body = new ReadOnlyMemoryContent(chunk);
                    body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    body.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + chunk.Length - 1}");
                    return body;
                },
            };
            using var response = await SendAsync(call, request).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
            {
                throw await _transport.ErrorAsync(call, response, null, $"could not upload bytes {start}-{start + chunk.Length - 1} of blob {digest}").ConfigureAwait(false);
            }

            offset += chunk.Length;
            location = new Uri(location, response.Headers.Location);
        }

        await CompleteUploadAsync(call, location, digest, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
    }
}
