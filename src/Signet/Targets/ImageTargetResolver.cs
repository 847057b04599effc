using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signet.Core.Layout;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Registry;
using Signet.Registry.Authentication;

namespace Signet.Targets;

/// <summary>
/// Turns what a user or a Pod names (a registry reference, an <c>oci-layout:</c> reference, or an image of the embedded
/// local registry) into the repository that holds it. The one place that decides between registry and layout, so the
/// signer, the verifier and the admission path can never disagree about where an image lives.
/// </summary>
public sealed class ImageTargetResolver
{
    /// <summary>The registry host used as the identity of images in <c>oci-layout:</c> directories.</summary>
    public const string OciLayoutHost = "oci-layout.local";

    private readonly RegistryClient _registry;
    private readonly SignetOptions _options;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the resolver.</summary>
    public ImageTargetResolver(RegistryClient registry, IOptions<SignetOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _options = options.Value;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>
    /// Resolves a reference string. Throws <see cref="FormatException"/> naming the offending part when it parses
    /// neither as an image reference nor as an <c>oci-layout:</c> reference.
    /// </summary>
    public ImageTarget Resolve(string reference, IRegistryCredentialProvider? credentials = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (OciLayoutReference.IsOciLayoutReference(reference))
        {
            var layout = OciLayoutReference.Parse(reference);
            var store = OciLayoutStore.Open(layout, logger: _loggerFactory.CreateLogger<OciLayoutStore>());
            var identity = ImageReference.Parse($"{OciLayoutHost}/{LayoutName(layout.Directory)}");
            identity = layout.Digest is { } d ? identity.WithDigestOnly(d) : identity.WithTag(layout.Tag ?? "latest");
            return new ImageTarget(store, identity, layout.ManifestReference ?? "latest", reference);
        }

        var image = ImageReference.Parse(reference);
        return new ImageTarget(GetRepository(image, credentials), image, image.ManifestReference, reference);
    }

    /// <summary>The repository that holds <paramref name="image"/>: the embedded local registry or a remote registry.</summary>
    public IOciRepository GetRepository(ImageReference image, IRegistryCredentialProvider? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_options.LocalRegistryHost is { } localHost && string.Equals(image.Registry, localHost, StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.Combine(_options.EffectiveLocalRegistryRoot, image.Repository.Replace('/', Path.DirectorySeparatorChar));
            return new OciLayoutStore(directory, logger: _loggerFactory.CreateLogger<OciLayoutStore>());
        }

        return _registry.GetRepository(image, credentials);
    }

    /// <summary>A repository-name-safe identity for a layout directory (its last path component, lower-cased).</summary>
    private static string LayoutName(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var safe = builder.ToString().Trim('-');
        while (safe.Contains("--", StringComparison.Ordinal))
        {
            safe = safe.Replace("--", "-", StringComparison.Ordinal);
        }

        return safe.Length == 0 ? "layout" : safe;
    }
}
