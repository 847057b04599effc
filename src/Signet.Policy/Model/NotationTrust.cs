using Signet.Signatures.Notation.Trust;

namespace Signet.Policy.Model;

/// <summary>
/// A Notary Project trust policy document (version 1.0) and its trust stores, for Notation, Ratify and AKS Image
/// Integrity signatures.
/// </summary>
public sealed record NotationTrust
{
    /// <summary>The trust policy document as compact JSON, for the Notation verifier.</summary>
    public required string TrustPolicyJson { get; init; }

    /// <summary>The document as the Notation verifier reads it, validated once at load by the verifier's own rules.</summary>
    public required TrustPolicyDocument Document { get; init; }

    /// <summary>The statements, parsed and validated at load.</summary>
    public required IReadOnlyList<NotationTrustStatement> Statements { get; init; }

    /// <summary>Trust stores by <c>&lt;type&gt;:&lt;name&gt;</c> (<c>ca:acme</c>), each a list of DER certificates.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<byte[]>> TrustStores { get; init; }

    /// <summary>
    /// The statement that applies to <paramref name="canonicalName"/> (<c>host/repo</c>): the one naming it exactly,
    /// else the <c>*</c> statement, else none (Notary Project selection rules).
    /// </summary>
    public NotationTrustStatement? SelectStatement(string canonicalName)
    {
        NotationTrustStatement? global = null;
        foreach (var statement in Statements)
        {
            foreach (var scope in statement.RegistryScopes)
            {
                if (string.Equals(scope, canonicalName, StringComparison.Ordinal))
                {
                    return statement;
                }

                if (scope == "*")
                {
                    global = statement;
                }
            }
        }

        return global;
    }
}
