using Signet.Core.Oci;
using Signet.Core.References;

namespace Signet.Targets;

/// <summary>Where an image lives: the repository to read and write, its canonical reference, and the tag or digest to resolve.</summary>
/// <param name="Repository">The registry repository or OCI layout.</param>
/// <param name="Image">The canonical reference (for OCI layouts, a synthetic <c>oci-layout.local/&lt;name&gt;</c> identity).</param>
/// <param name="ManifestReference">The tag or digest to resolve.</param>
/// <param name="Display">What the user wrote, for messages.</param>
public sealed record ImageTarget(IOciRepository Repository, ImageReference Image, string ManifestReference, string Display);
