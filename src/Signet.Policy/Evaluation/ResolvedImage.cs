using Signet.Core.Digests;
using Signet.Core.References;

namespace Signet.Policy.Evaluation;

/// <summary>What a reference resolved to in the registry.</summary>
public sealed record ResolvedImage
{
    /// <summary>The image, pinned to <see cref="Digest"/>.</summary>
    public required ImageReference Reference { get; init; }

    /// <summary>The manifest or index digest the reference names.</summary>
    public required Core.Digests.Digest Digest { get; init; }

    /// <summary>The manifest's media type.</summary>
    public required string MediaType { get; init; }

    /// <summary>The manifest's size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>True when <see cref="Digest"/> is an image index (multi-architecture image).</summary>
    public bool IsIndex { get; init; }

    /// <summary>The platform manifests of an index.</summary>
    public IReadOnlyList<Digest> PlatformDigests { get; init; } = [];

    /// <summary>The index this platform manifest was reached through, when known.</summary>
    public Digest? IndexDigest { get; init; }
}
