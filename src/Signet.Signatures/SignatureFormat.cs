namespace Signet.Signatures;

/// <summary>The signature formats Signet reads and writes.</summary>
public enum SignatureFormat
{
    /// <summary>Notary Project signature in a JWS envelope (<c>application/jose+json</c>).</summary>
    NotationJws,

    /// <summary>Notary Project signature in a COSE_Sign1 envelope (<c>application/cose</c>).</summary>
    NotationCose,

    /// <summary>cosign key-based simple signing (<c>.sig</c> tag attachment or OCI 1.1 referrer).</summary>
    Cosign,

    /// <summary>Signet's vault-key signature, modelled on Oracle's registry image signatures.</summary>
    Vault,
}
