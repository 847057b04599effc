namespace Signet.Core.Digests;

/// <summary>The content digest algorithms of the OCI image specification that Signet accepts.</summary>
/// <remarks>See https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#registered-algorithms.</remarks>
public enum DigestAlgorithm
{
    /// <summary>SHA-256, 64 lower-case hex characters; the algorithm every registry supports.</summary>
    Sha256,

    /// <summary>SHA-512, 128 lower-case hex characters.</summary>
    Sha512,
}
