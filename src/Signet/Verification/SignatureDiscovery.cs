using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry;
using Signet.Signatures.Cosign;

namespace Signet.Verification;

/// <summary>
/// Finds the signature artifacts attached to an image: OCI 1.1 referrers (through the registry's referrers API or the
/// tag-schema fallback) and the cosign <c>.sig</c> tag. Bounded: at most <see cref="SignetOptions.MaxSignaturesPerImage"/>
/// artifacts are read, and artifacts of types no Signet format uses (SBOMs, attestations) are not fetched at all.
/// </summary>
public sealed partial class SignatureDiscovery
{
    private static readonly HashSet<string> s_signatureArtifactTypes = new(StringComparer.Ordinal)
    {
        MediaTypes.NotarySignature,
        MediaTypes.SignetVaultSignature,
        MediaTypes.CosignSimpleSigning,
    };

    private readonly SignetOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the discovery stage.</summary>
    public SignatureDiscovery(IOptions<SignetOptions> options, ILogger<SignatureDiscovery>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Lists and fetches the signature artifacts of <paramref name="subject"/>. Registry failures (unreachable,
    /// unauthorized) propagate; an artifact that is listed but cannot be read is reported in
    /// <see cref="SignatureDiscoveryResult.Unreadable"/>, never trusted.
    /// </summary>
    public async Task<SignatureDiscoveryResult> DiscoverAsync(IOciRepository repository, Digest subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var limit = _options.MaxSignaturesPerImage;
        var found = new List<DiscoveredSignature>();
        var unreadable = new List<(Descriptor, string, string)>();
        var truncated = false;

        await foreach (var referrer in repository.ListReferrersAsync(subject, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (referrer.ArtifactType is { } type && !s_signatureArtifactTypes.Contains(type))
            {
                continue;
            }

            if (found.Count + unreadable.Count >= limit)
            {
                truncated = true;
                break;
            }

            var manifest = await TryFetchAsync(repository, referrer, unreadable, cancellationToken).ConfigureAwait(false);
            if (manifest is not null)
            {
                found.Add(new DiscoveredSignature(referrer, manifest, SignatureSource.Referrer));
            }
        }

        var cosignTag = CosignAttachment.TagFor(subject);
        var attachment = await repository.TryResolveAsync(cosignTag, cancellationToken).ConfigureAwait(false);
        if (attachment is not null && found.TrueForAll(s => s.Descriptor.Digest != attachment.Digest))
        {
            if (found.Count + unreadable.Count >= limit)
            {
                truncated = true;
            }
            else
            {
                var manifest = await TryFetchAsync(repository, attachment, unreadable, cancellationToken).ConfigureAwait(false);
                if (manifest is not null)
                {
                    found.Add(new DiscoveredSignature(attachment, manifest, SignatureSource.CosignTag));
                }
            }
        }

        Log.Discovered(_logger, repository.DisplayName, subject, found.Count, unreadable.Count, truncated);
        return new SignatureDiscoveryResult(found, truncated, unreadable);
    }

    private static async Task<ManifestContent?> TryFetchAsync(IOciRepository repository, Descriptor descriptor, List<(Descriptor, string, string)> unreadable, CancellationToken cancellationToken)
    {
        try
        {
            var manifest = await repository.FetchManifestAsync(descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (manifest.Manifest is null)
            {
                unreadable.Add((descriptor, SignetErrorCode.SignatureMalformed, $"The signature artifact {descriptor.Digest} is a {manifest.MediaType}, not an image manifest."));
                return null;
            }

            return manifest;
        }
        catch (RegistryException ex) when (ex.Code is SignetErrorCode.ManifestNotFound or SignetErrorCode.DigestMismatch or SignetErrorCode.InvalidManifest or SignetErrorCode.ContentTooLarge)
        {
            // A dangling or corrupt artifact is not a signature; it is reported and can never count as one.
            unreadable.Add((descriptor, ex.Code, ex.Message));
            return null;
        }
        catch (OciContentException ex)
        {
            unreadable.Add((descriptor, ex.Code, ex.Message));
            return null;
        }
        catch (FormatException ex)
        {
            unreadable.Add((descriptor, SignetErrorCode.InvalidManifest, ex.Message));
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Verification + 50, Level = LogLevel.Debug, Message = "Found {Count} signature artifacts ({Unreadable} unreadable, truncated: {Truncated}) for {Digest} in {Repository}")]
        public static partial void Discovered(ILogger logger, string repository, Digest digest, int count, int unreadable, bool truncated);
    }
}
