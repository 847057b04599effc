namespace Signet.Keys;

/// <summary>The outcome of checking a signature against a public key.</summary>
public enum PublicKeyVerificationStatus
{
    /// <summary>The signature is valid for the key, algorithm and data.</summary>
    Valid,

    /// <summary>The signature does not verify (wrong key, tampered data, malformed signature bytes).</summary>
    Invalid,

    /// <summary>The algorithm does not fit the key type (an RSA algorithm with an EC key, ECDSA_SHA_256 with P-384…).</summary>
    AlgorithmMismatch,

    /// <summary>The public key is not a SubjectPublicKeyInfo of a supported RSA or EC key.</summary>
    UnsupportedKey,
}
