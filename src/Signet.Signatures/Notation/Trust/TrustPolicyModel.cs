namespace Signet.Signatures.Notation.Trust;

/// <summary>Preset strength of a trust policy statement (spec "Signature Verification" table).</summary>
public enum VerificationLevel
{
    /// <summary>Every check enforced.</summary>
    Strict,

    /// <summary>Integrity and authenticity enforced; authentic timestamp, expiry and revocation logged.</summary>
    Permissive,

    /// <summary>Integrity enforced; everything else logged.</summary>
    Audit,

    /// <summary>No verification: the artifact is accepted without looking at signatures.</summary>
    Skip,
}

/// <summary>What a failed check does.</summary>
public enum ValidationAction
{
    /// <summary>The failure fails verification.</summary>
    Enforce,

    /// <summary>The failure is recorded as a warning; verification continues.</summary>
    Log,

    /// <summary>The check is not performed.</summary>
    Skip,
}

/// <summary>The checks of Notary Project verification, in the order they run.</summary>
public enum VerificationCheck
{
    /// <summary>The envelope is well formed, the signature verifies with the leaf key, the chain meets the rules.</summary>
    Integrity,

    /// <summary>The chain contains a trusted certificate and the signer matches a trusted identity.</summary>
    Authenticity,

    /// <summary>The certificates were valid when the signature was made (authentic timestamp) or are valid now.</summary>
    AuthenticTimestamp,

    /// <summary>The signature has not expired.</summary>
    Expiry,

    /// <summary>No certificate of the chain is revoked.</summary>
    Revocation,
}

/// <summary>When an RFC 3161 timestamp countersignature is verified.</summary>
public enum TimestampVerification
{
    /// <summary>Whenever the policy has a <c>tsa</c> trust store (the default).</summary>
    Always,

    /// <summary>Only when a certificate of the chain has expired at verification time.</summary>
    AfterCertExpiry,
}

/// <summary>A named trust store a policy statement uses (<c>ca:acme-rockets</c>).</summary>
/// <param name="Type">The store type.</param>
/// <param name="Name">The store name.</param>
public sealed record TrustStoreReference(TrustStoreType Type, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type.ToName()}:{Name}";
}

/// <summary>One statement of a trust policy document: which repositories it covers and how their signatures are verified.</summary>
public sealed record TrustPolicyStatement
{
    /// <summary>The unique statement name.</summary>
    public required string Name { get; init; }

    /// <summary><c>registry/repository</c> values, or the single wildcard <c>*</c>.</summary>
    public required IReadOnlyList<string> RegistryScopes { get; init; }

    /// <summary>The verification level.</summary>
    public required VerificationLevel Level { get; init; }

    /// <summary>Per-check overrides of the level's actions.</summary>
    public IReadOnlyDictionary<VerificationCheck, ValidationAction> Overrides { get; init; } = new Dictionary<VerificationCheck, ValidationAction>();

    /// <summary>When timestamp countersignatures are verified.</summary>
    public TimestampVerification VerifyTimestamp { get; init; } = TimestampVerification.Always;

    /// <summary>The trust stores (none for <see cref="VerificationLevel.Skip"/>).</summary>
    public IReadOnlyList<TrustStoreReference> TrustStores { get; init; } = [];

    /// <summary>Trusted identities: <c>*</c>, or <c>x509.subject: &lt;DN&gt;</c> values.</summary>
    public IReadOnlyList<string> TrustedIdentities { get; init; } = [];

    /// <summary>True when the statement applies to every repository.</summary>
    public bool IsGlobal => RegistryScopes.Count == 1 && RegistryScopes[0] == "*";

    /// <summary>What a failure of <paramref name="check"/> does under this statement (level, then override).</summary>
    public ValidationAction ActionFor(VerificationCheck check)
    {
        if (Level == VerificationLevel.Skip)
        {
            return ValidationAction.Skip;
        }

        if (check != VerificationCheck.Integrity && Overrides.TryGetValue(check, out var action))
        {
            return action;
        }

        return (Level, check) switch
        {
            (_, VerificationCheck.Integrity) => ValidationAction.Enforce,
            (VerificationLevel.Strict, _) => ValidationAction.Enforce,
            (VerificationLevel.Permissive, VerificationCheck.Authenticity) => ValidationAction.Enforce,
            _ => ValidationAction.Log,
        };
    }
}
