namespace Signet.Signatures.Notation;

/// <summary>Header names, signing schemes and annotation keys of the Notary Project signature specification.</summary>
/// <remarks>
/// https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md ("Signature Envelope",
/// "OCI Signatures"); names are the ones notation-core-go writes (e.g. <c>io.cncf.notary.timestampSignature</c>).
/// </remarks>
public static class NotationConstants
{
    /// <summary>The signing scheme of signatures whose signing time is not authenticated (optionally timestamped).</summary>
    public const string SchemeX509 = "notary.x509";

    /// <summary>The signing scheme of signatures made by a signing authority that vouches for the signing time.</summary>
    public const string SchemeX509SigningAuthority = "notary.x509.signingAuthority";

    /// <summary>Protected header: algorithm (JWS).</summary>
    public const string HeaderAlgorithm = "alg";

    /// <summary>Protected header: critical header names (JWS).</summary>
    public const string HeaderCritical = "crit";

    /// <summary>Protected header: payload content type (JWS).</summary>
    public const string HeaderContentType = "cty";

    /// <summary>Protected header: signing scheme.</summary>
    public const string HeaderSigningScheme = "io.cncf.notary.signingScheme";

    /// <summary>Protected header: signing time claimed by the signer (notary.x509).</summary>
    public const string HeaderSigningTime = "io.cncf.notary.signingTime";

    /// <summary>Protected header: signing time vouched for by the signing authority (notary.x509.signingAuthority).</summary>
    public const string HeaderAuthenticSigningTime = "io.cncf.notary.authenticSigningTime";

    /// <summary>Protected header: when the signature stops being valid.</summary>
    public const string HeaderExpiry = "io.cncf.notary.expiry";

    /// <summary>Protected header: the verification plugin the signature requires.</summary>
    public const string HeaderVerificationPlugin = "io.cncf.notary.verificationPlugin";

    /// <summary>Protected header: the minimum version of the verification plugin.</summary>
    public const string HeaderVerificationPluginMinVersion = "io.cncf.notary.verificationPluginMinVersion";

    /// <summary>Unprotected header: certificate chain (JWS).</summary>
    public const string HeaderX5c = "x5c";

    /// <summary>Unprotected header: signing agent (informational).</summary>
    public const string HeaderSigningAgent = "io.cncf.notary.signingAgent";

    /// <summary>Unprotected header: RFC 3161 timestamp token over the signature.</summary>
    public const string HeaderTimestampSignature = "io.cncf.notary.timestampSignature";

    /// <summary>Manifest annotation: JSON array of the SHA-256 thumbprints of the certificate chain.</summary>
    public const string ThumbprintAnnotation = "io.cncf.notary.x509chain.thumbprint#S256";

    /// <summary>Manifest annotation: creation time (OCI).</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>The COSE label of the certificate chain header (RFC 9360 <c>x5chain</c>).</summary>
    public const int CoseLabelX5Chain = 33;
}
