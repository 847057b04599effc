namespace Signet.Core.Oci;

/// <summary>Media types of the OCI image spec, Docker distribution and the signature formats Signet reads and writes.</summary>
/// <remarks>Sources: OCI image-spec v1.1.0 media-types.md, Docker image manifest v2 schema 2, Notary Project and cosign specs.</remarks>
public static class MediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index (multi-platform image or artifact index).</summary>
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>OCI image config.</summary>
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>OCI gzip layer.</summary>
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>OCI uncompressed layer.</summary>
    public const string OciLayerTar = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>The OCI 1.1 empty descriptor's media type (config of artifacts that have none).</summary>
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    /// <summary>Docker image manifest v2 schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Docker manifest list (multi-platform).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Docker image config.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>Docker gzip layer.</summary>
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Notary Project signature artifact type (and legacy config media type).</summary>
    public const string NotarySignature = "application/vnd.cncf.notary.signature";

    /// <summary>Notary Project payload.</summary>
    public const string NotaryPayload = "application/vnd.cncf.notary.payload.v1+json";

    /// <summary>JWS envelope (Notary Project).</summary>
    public const string JoseJson = "application/jose+json";

    /// <summary>COSE envelope (Notary Project).</summary>
    public const string Cose = "application/cose";

    /// <summary>cosign simple signing payload layer.</summary>
    public const string CosignSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>Signet's vault-key signature artifact type (see docs/design/vault-signature.md).</summary>
    public const string SignetVaultSignature = "application/vnd.signet.signature.v1+json";

    /// <summary>Every manifest media type Signet can read, in the order sent in an <c>Accept</c> header.</summary>
    public static readonly IReadOnlyList<string> ManifestTypes = [OciManifest, OciIndex, DockerManifest, DockerManifestList];

    /// <summary>True for a single-platform manifest (OCI or Docker).</summary>
    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>True for an index or manifest list.</summary>
    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}
