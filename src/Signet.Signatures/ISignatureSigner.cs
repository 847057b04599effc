namespace Signet.Signatures;

/// <summary>
/// Builds one signature format's artifact for an image: the payload, the signature made with a key from the key
/// vault, and the manifest and blobs to store next to the image.
/// </summary>
public interface ISignatureSigner
{
    /// <summary>The format this signer writes.</summary>
    SignatureFormat Format { get; }

    /// <summary>Signs <see cref="SigningRequest.Subject"/> and returns what to store.</summary>
    Task<SignatureArtifact> SignAsync(SigningRequest request, CancellationToken cancellationToken = default);
}
