namespace Signet.Signatures.Notation.Trust;

/// <summary>The kinds of named trust stores (directory <c>x509/&lt;type&gt;/&lt;name&gt;/</c>).</summary>
public enum TrustStoreType
{
    /// <summary><c>ca</c>: roots for the <c>notary.x509</c> signing scheme.</summary>
    Ca,

    /// <summary><c>signingAuthority</c>: roots for the <c>notary.x509.signingAuthority</c> signing scheme.</summary>
    SigningAuthority,

    /// <summary><c>tsa</c>: roots of RFC 3161 timestamping authorities.</summary>
    Tsa,
}

/// <summary>Names of <see cref="TrustStoreType"/> as the specification writes them.</summary>
public static class TrustStoreTypes
{
    /// <summary>The directory and policy name of a type (<c>ca</c>, <c>signingAuthority</c>, <c>tsa</c>).</summary>
    public static string ToName(this TrustStoreType type) => type switch
    {
        TrustStoreType.Ca => "ca",
        TrustStoreType.SigningAuthority => "signingAuthority",
        _ => "tsa",
    };

    /// <summary>Parses a type name (case-sensitive, as notation does).</summary>
    public static bool TryParse(string? name, out TrustStoreType type)
    {
        (var ok, type) = name switch
        {
            "ca" => (true, TrustStoreType.Ca),
            "signingAuthority" => (true, TrustStoreType.SigningAuthority),
            "tsa" => (true, TrustStoreType.Tsa),
            _ => (false, TrustStoreType.Ca),
        };
        return ok;
    }
}
