using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry.Http;
using Signet.Registry.Referrers;

namespace Signet.Registry;

public sealed partial class RegistryRepository
{
    /// <inheritdoc />
    /// <remarks>
    /// Uses <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> (following <c>Link</c> pages, filtering locally when the
    /// registry did not apply <c>artifactType</c>); a registry without the API (404) is remembered and read through the
    /// tag-schema fallback index instead. More than <see cref="RegistryClientOptions.MaxReferrers"/> entries fail the call.
    /// </remarks>
    public async IAsyncEnumerable<Descriptor> ListReferrersAsync(Digest subject, string? artifactType = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var referrers = await RunAsync($"list referrers of {subject}", async call =>
        {
            if (_client.SupportsReferrersApi(Registry) != false)
            {
                var viaApi = await TryListReferrersApiAsync(call, subject, artifactType).ConfigureAwait(false);
                if (viaApi is not null)
                {
                    return viaApi;
                }
            }

            var index = await ReadFallbackIndexAsync(call, subject).ConfigureAwait(false);
            var entries = index?.Manifests ?? [];
            CheckReferrerCount(call, subject, entries.Count);
            return FallbackIndex.Filter(entries, artifactType).ToList();
        }, cancellationToken).ConfigureAwait(false);

        foreach (var referrer in referrers)
        {
            yield return referrer;
        }
    }

    /// <summary>Lists referrers through the API; null when the registry has none.</summary>
    private async Task<List<Descriptor>?> TryListReferrersApiAsync(RegistryCall call, Digest subject, string? artifactType)
    {
        var results = new List<Descriptor>();
        var scanned = 0;
        var target = ApiPath("referrers/" + subject) + (artifactType is null ? string.Empty : "?artifactType=" + Uri.EscapeDataString(artifactType));
        while (true)
        {
            var request = new RegistryRequest(HttpMethod.Get, target, PullScope) { Accept = [MediaTypes.OciIndex] };
            using var response = await SendAsync(call, request).ConfigureAwait(false);
            if (IsNotFound(response) && results.Count == 0 && scanned == 0)
            {
                // Distribution 2.8 answers a plain-text 404 (no route); a JSON 404 is a supporting registry's own error.
                var isJsonError = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
                if (!isJsonError)
                {
                    _client.SetReferrersApi(Registry, false);
                }

                return null;
            }

            if (!IsSuccess(response))
            {
                throw await _transport.ErrorAsync(call, response, response.StatusCode == HttpStatusCode.BadRequest ? SignetErrorCode.InvalidDigest : null, $"could not list the referrers of {subject}").ConfigureAwait(false);
            }

            _client.SetReferrersApi(Registry, true);
            var bytes = await HttpBody.ReadAsync(response, ManifestContent.MaxManifestBytes, "referrers list", SignetErrorCode.InvalidManifest, call).ConfigureAwait(false);
            var index = ParseIndex(call, bytes, $"referrers list of {subject}", response.RequestMessage?.RequestUri);
            scanned += index.Manifests.Count;
            CheckReferrerCount(call, subject, scanned);
            var filtered = artifactType is not null
                && response.Headers.TryGetValues("OCI-Filters-Applied", out var applied)
                && applied.Any(v => v.Split(',').Any(f => f.Trim() == "artifactType"));
            results.AddRange(filtered ? index.Manifests : FallbackIndex.Filter(index.Manifests, artifactType));
            var next = LinkHeader.Next(response, response.RequestMessage!.RequestUri!);
            if (next is null)
            {
                return results;
            }

            target = next.ToString();
        }
    }

    /// <summary>Reads the tag-schema fallback index of <paramref name="subject"/>; null when there is none.</summary>
    private async Task<ImageIndex?> ReadFallbackIndexAsync(RegistryCall call, Digest subject, string? scope = null)
    {
        var tag = FallbackIndex.Tag(subject);
        // Every manifest type is accepted so that foreign content under the tag is reported, not mistaken for "none".
        var request = new RegistryRequest(HttpMethod.Get, ApiPath("manifests/" + tag), scope ?? PullScope) { Accept = MediaTypes.ManifestTypes };
        using var response = await SendAsync(call, request).ConfigureAwait(false);
        if (IsNotFound(response))
        {
            return null;
        }

        if (!IsSuccess(response))
        {
            throw await _transport.ErrorAsync(call, response, null, $"could not read the referrers fallback index '{tag}'").ConfigureAwait(false);
        }

        var bytes = await HttpBody.ReadAsync(response, ManifestContent.MaxManifestBytes, $"referrers fallback index '{tag}'", SignetErrorCode.InvalidManifest, call).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType != MediaTypes.OciIndex)
        {
            throw new RegistryException(SignetErrorCode.InvalidManifest, $"{RegistryTransport.Describe(call)}: the tag '{tag}' holds a '{mediaType}', not the OCI image index the referrers tag schema requires. Something else uses that tag; remove it or move that content.")
            {
                Registry = Registry,
                Repository = Repository,
                RequestUri = response.RequestMessage?.RequestUri,
            };
        }

        return ParseIndex(call, bytes, $"referrers fallback index '{tag}'", response.RequestMessage?.RequestUri);
    }

    /// <summary>
    /// Adds <paramref name="referrer"/> to the fallback index of <paramref name="subject"/> without losing a concurrent
    /// writer's entry: read, merge, write, wait one write window, re-read, and repeat until the entry is still there.
    /// </summary>
    /// <remarks>
    /// Distribution 2.8 has no conditional PUT, so the window stands in for compare-and-swap: a writer restarts when more
    /// than half a window passed between its read and its write, so every stale write lands within one window of the
    /// write it could undo, and the re-read after a full window sees it. Writers in this process also take a lock.
    /// </remarks>
    private async Task UpdateFallbackIndexAsync(RegistryCall call, Digest subject, ManifestContent referrer)
    {
        var entry = FallbackIndex.EntryFor(referrer);
        var tag = FallbackIndex.Tag(subject);
        var window = _client.Options.FallbackIndexWriteWindow;
        var time = _client.TimeProvider;
        var gate = _client.FallbackWriter($"{Registry}/{Repository}@{subject}");
        await gate.WaitAsync(call.Token).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; attempt <= _client.Options.FallbackIndexMaxAttempts; attempt++)
            {
                var readAt = time.GetTimestamp();
                var existing = await ReadFallbackIndexAsync(call, subject, PushScope).ConfigureAwait(false);
                if (!FallbackIndex.Contains(existing, entry.Digest))
                {
                    CheckReferrerCount(call, subject, (existing?.Manifests.Count ?? 0) + 1);
                    if (time.GetElapsedTime(readAt) > window / 2)
                    {
                        continue;
                    }

                    await PutManifestAsync(call, ManifestContent.Create(FallbackIndex.Merge(existing, entry)), tag).ConfigureAwait(false);
                }

                await Task.Delay(window, time, call.Token).ConfigureAwait(false);
                var confirmed = await ReadFallbackIndexAsync(call, subject, PushScope).ConfigureAwait(false);
                if (FallbackIndex.Contains(confirmed, entry.Digest))
                {
                    return;
                }

                LogFallbackEntryLost(_client.Logger, DisplayName, subject.ToString(), attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 100)), time, call.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }

        throw new RegistryException(SignetErrorCode.RegistryUnreachable, $"{RegistryTransport.Describe(call)}: the referrers fallback index '{tag}' kept losing the entry for {referrer.Digest} to concurrent writers after {_client.Options.FallbackIndexMaxAttempts} attempts. Retry the push; the manifest itself is stored.")
        {
            Registry = Registry,
            Repository = Repository,
            IsTransient = true,
        };
    }

    private ImageIndex ParseIndex(RegistryCall call, byte[] bytes, string what, Uri? uri)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageIndex)
                ?? throw new JsonException("The document is JSON null.");
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new RegistryException(SignetErrorCode.InvalidManifest, $"{RegistryTransport.Describe(call)}: the {what} is not a valid image index: {ex.Message}", ex)
            {
                Registry = Registry,
                Repository = Repository,
                RequestUri = uri,
            };
        }
    }

    private void CheckReferrerCount(RegistryCall call, Digest subject, int count)
    {
        if (count > _client.Options.MaxReferrers)
        {
            throw new RegistryException(SignetErrorCode.TooManySignatures, $"{RegistryTransport.Describe(call)}: {subject} has more than {_client.Options.MaxReferrers} referrers; Signet stops reading there to bound the work per image. Remove stale signatures or raise Signet:Registry:MaxReferrers.")
            {
                Registry = Registry,
                Repository = Repository,
            };
        }
    }

    [LoggerMessage(EventId = SignetEventId.Registry + 11, Level = LogLevel.Warning, Message = "A concurrent writer dropped the entry for {Repository} referrers of {Digest} from the fallback index (attempt {Attempt}); retrying")]
    private static partial void LogFallbackEntryLost(ILogger logger, string repository, string digest, int attempt);
}
