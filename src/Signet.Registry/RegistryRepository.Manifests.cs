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
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        await TryResolveAsync(reference, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException(SignetErrorCode.ManifestNotFound, $"Registry {Registry}, repository {Repository}: '{reference}' was not found. Check the tag or digest and that the image was pushed to this repository.")
        {
            Registry = Registry,
            Repository = Repository,
            StatusCode = HttpStatusCode.NotFound,
        };

    /// <summary>
    /// Resolves a tag or digest with one HEAD request (<c>Docker-Content-Digest</c>), falling back to GET and hashing the
    /// body when the registry sends no digest; null when the manifest does not exist.
    /// </summary>
    public Task<Descriptor?> TryResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        ValidateReference(reference);
        return RunAsync<Descriptor?>($"resolve '{reference}'", async call =>
        {
            var request = new RegistryRequest(HttpMethod.Head, ApiPath("manifests/" + reference), PullScope) { Accept = MediaTypes.ManifestTypes };
            using (var response = await SendAsync(call, request).ConfigureAwait(false))
            {
                if (IsNotFound(response))
                {
                    return null;
                }

                if (IsSuccess(response)
                    && response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                    && Digest.TryParse(values.FirstOrDefault(), out var digest)
                    && response.Content.Headers.ContentLength is { } length and >= 0 and <= ManifestContent.MaxManifestBytes
                    && response.Content.Headers.ContentType?.MediaType is { } mediaType
                    && MediaTypes.ManifestTypes.Contains(mediaType))
                {
                    if (Digest.TryParse(reference, out var asked) && asked != digest)
                    {
                        throw Mismatch(call, "manifest digest header", asked, digest, response.RequestMessage?.RequestUri);
                    }

                    return new Descriptor { MediaType = mediaType, Digest = digest, Size = length };
                }

                if (!IsSuccess(response) && response.StatusCode != HttpStatusCode.MethodNotAllowed)
                {
                    throw await _transport.ErrorAsync(call, response, null, $"could not resolve '{reference}'").ConfigureAwait(false);
                }
            }

            // No usable digest header (or HEAD refused): GET the manifest and hash what was received.
            var content = await FetchManifestCoreAsync(call, reference).ConfigureAwait(false);
            return content?.ToDescriptor();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ManifestContent> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        ValidateReference(reference);
        return RunAsync($"fetch manifest '{reference}'", async call =>
            await FetchManifestCoreAsync(call, reference).ConfigureAwait(false)
            ?? throw new RegistryException(SignetErrorCode.ManifestNotFound, $"{RegistryTransport.Describe(call)}: the manifest '{reference}' was not found (404). Check the tag or digest and that it was pushed to this repository.")
            {
                Registry = Registry,
                Repository = Repository,
                Method = call.LastMethod,
                RequestUri = call.LastUri,
                StatusCode = HttpStatusCode.NotFound,
                CredentialSource = call.CredentialSource,
            }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Descriptor> PushManifestAsync(ManifestContent manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (tag is not null)
        {
            ValidateReference(tag);
            if (tag.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{tag}' is a digest, not a tag.", nameof(tag));
            }
        }

        return RunAsync($"push manifest {manifest.Digest}{(tag is null ? string.Empty : $" as '{tag}'")}", async call =>
        {
            var subjectHandled = await PutManifestAsync(call, manifest, tag ?? manifest.Digest.ToString()).ConfigureAwait(false);
            var subject = manifest.Manifest?.Subject ?? manifest.Index?.Subject;
            if (subject is not null && !subjectHandled)
            {
                await UpdateFallbackIndexAsync(call, subject.Digest, manifest).ConfigureAwait(false);
            }

            return manifest.ToDescriptor();
        }, cancellationToken);
    }

    /// <summary>GETs and verifies a manifest; null on 404.</summary>
    internal async Task<ManifestContent?> FetchManifestCoreAsync(RegistryCall call, string reference, IReadOnlyList<string>? accept = null)
    {
        var request = new RegistryRequest(HttpMethod.Get, ApiPath("manifests/" + reference), PullScope) { Accept = accept ?? MediaTypes.ManifestTypes };
        using var response = await SendAsync(call, request).ConfigureAwait(false);
        if (IsNotFound(response))
        {
            return null;
        }

        if (!IsSuccess(response))
        {
            throw await _transport.ErrorAsync(call, response, null, $"could not fetch manifest '{reference}'").ConfigureAwait(false);
        }

        var bytes = await HttpBody.ReadAsync(response, ManifestContent.MaxManifestBytes, $"manifest '{reference}'", SignetErrorCode.InvalidManifest, call).ConfigureAwait(false);
        var asked = Digest.TryParse(reference, out var d) ? d : (Digest?)null;
        var headerDigest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var h) ? h : (Digest?)null;
        var expected = asked ?? headerDigest;
        if (expected is { } e)
        {
            var received = Digest.Compute(bytes, e.Algorithm);
            if (received != e)
            {
                throw Mismatch(call, $"manifest '{reference}'", e, received, response.RequestMessage?.RequestUri);
            }
        }

        try
        {
            return ManifestContent.Parse(bytes, response.Content.Headers.ContentType?.MediaType, expected?.Algorithm ?? DigestAlgorithm.Sha256);
        }
        catch (FormatException ex)
        {
            throw new RegistryException(SignetErrorCode.InvalidManifest, $"{RegistryTransport.Describe(call)}: the manifest '{reference}' cannot be read: {ex.Message}", ex)
            {
                Registry = Registry,
                Repository = Repository,
                Method = call.LastMethod,
                RequestUri = response.RequestMessage?.RequestUri,
                StatusCode = response.StatusCode,
            };
        }
    }

    /// <summary>PUTs a manifest under <paramref name="reference"/>; returns true when the registry processed its subject.</summary>
    internal async Task<bool> PutManifestAsync(RegistryCall call, ManifestContent manifest, string reference)
    {
        var bytes = manifest.Bytes;
        var request = new RegistryRequest(HttpMethod.Put, ApiPath("manifests/" + reference), PushScope)
        {
            Content = () =>
            {
                var content = new ReadOnlyMemoryContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
                return content;
            },
        };
        using var response = await SendAsync(call, request).ConfigureAwait(false);
        if (!IsSuccess(response))
        {
            var what = response.StatusCode == HttpStatusCode.BadRequest
                ? $"rejected manifest {manifest.Digest} (push every blob it names first, and make its Content-Type match its mediaType)"
                : $"could not store manifest {manifest.Digest}";
            throw await _transport.ErrorAsync(call, response, response.StatusCode == HttpStatusCode.BadRequest ? SignetErrorCode.InvalidManifest : null, what).ConfigureAwait(false);
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var stored)
            && stored.Algorithm == manifest.Digest.Algorithm && stored != manifest.Digest)
        {
            throw Mismatch(call, "stored manifest", manifest.Digest, stored, response.RequestMessage?.RequestUri);
        }

        var subjectProcessed = response.Headers.Contains("OCI-Subject");
        if (subjectProcessed)
        {
            _client.SetReferrersApi(Registry, true);
        }

        return subjectProcessed;
    }
}
