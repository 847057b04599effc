namespace Signet.Policy.Model;

/// <summary>A trusted cosign public key.</summary>
/// <param name="Name">A name for messages (the file name or the policy's <c>name</c>).</param>
/// <param name="Pem">The PEM <c>PUBLIC KEY</c> block.</param>
/// <param name="KeyId">The SHA-256 fingerprint of the SubjectPublicKeyInfo as <c>sha256:&lt;hex&gt;</c> (what verifiers report as <c>SignerIdentity.KeyId</c>).</param>
public sealed record CosignPublicKey(string Name, string Pem, string KeyId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} ({KeyId})";
}
