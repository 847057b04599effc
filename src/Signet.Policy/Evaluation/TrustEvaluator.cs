using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Policy.Model;
using Signet.Policy.Verdicts;
using Signet.Signatures;

namespace Signet.Policy.Evaluation;

/// <summary>
/// Applies a rule's trust to verification results. Verifiers already refuse untrusted signers; this stage re-checks
/// (defence in depth: a verifier built from the wrong trust material cannot admit an image) and applies what only the
/// policy knows: vault version pins, the cosign N-of-M threshold over distinct keys, and OR across trust kinds.
/// </summary>
internal static class TrustEvaluator
{
    public static TrustOutcome Evaluate(PolicyRule rule, Digest subject, IReadOnlyList<SignatureVerificationResult> results, DateTimeOffset now)
    {
        var trust = rule.Trust;
        var findings = new List<SignatureFinding>(results.Count);
        var warnings = new List<string>();
        var cosignKeys = new HashSet<string>(StringComparer.Ordinal);
        SignatureFinding? deciding = null;
        foreach (var result in results)
        {
            var finding = Judge(trust, subject, result);
            findings.Add(finding);
            warnings.AddRange(result.Warnings);
            if (!finding.Accepted)
            {
                continue;
            }

            if (result.Format == SignatureFormat.Cosign)
            {
                cosignKeys.Add(result.Signer!.KeyId!);
                if (cosignKeys.Count >= trust.Cosign!.Threshold)
                {
                    deciding ??= finding;
                }
            }
            else
            {
                deciding ??= finding;
            }
        }

        if (deciding is not null)
        {
            var how = deciding.Format == SignatureFormat.Cosign && trust.Cosign!.Threshold > 1
                ? $"{cosignKeys.Count} of the required {trust.Cosign.Threshold} trusted cosign keys signed it"
                : $"a valid {Describe(deciding.Format)} signature by {deciding.Signer?.ToString() ?? "a trusted signer"}";
            return new TrustOutcome
            {
                Satisfied = true,
                Code = SignatureVerificationResult.Verified,
                Message = $"Verified: {how}.",
                Subject = subject,
                Signatures = findings,
                Warnings = warnings,
                VerifiedAt = now,
            };
        }

        string code;
        string message;
        if (results.Count == 0)
        {
            code = SignetErrorCode.SignatureNotFound;
            message = $"No signature is attached to {subject}.";
        }
        else if (cosignKeys.Count > 0)
        {
            code = SignetErrorCode.ThresholdNotMet;
            message = $"{cosignKeys.Count} distinct trusted cosign key(s) signed {subject}; the rule requires {trust.Cosign!.Threshold}.";
        }
        else
        {
            var first = findings[0];
            code = first.Code;
            message = findings.Count == 1
                ? $"The only signature on {subject} was rejected: {first.Reason}"
                : $"None of the {findings.Count} signatures on {subject} is trusted; the first was rejected: {first.Reason}";
        }

        return new TrustOutcome
        {
            Satisfied = false,
            Code = code,
            Message = message,
            Subject = subject,
            Signatures = findings,
            Warnings = warnings,
            VerifiedAt = now,
        };
    }

    private static SignatureFinding Judge(RuleTrust trust, Digest subject, SignatureVerificationResult result)
    {
        var (accepted, code, reason) = Check(trust, result);
        return new SignatureFinding
        {
            Format = result.Format,
            Signer = result.Signer,
            Algorithm = result.Algorithm,
            SignatureDigest = result.SignatureDigest,
            Subject = subject,
            Accepted = accepted,
            Code = code,
            Reason = reason,
            Warnings = result.Warnings,
        };
    }

    private static (bool Accepted, string Code, string Reason) Check(RuleTrust trust, SignatureVerificationResult result)
    {
        if (!result.IsValid)
        {
            return (false, result.Code, result.Message);
        }

        var signer = result.Signer;
        switch (result.Format)
        {
            case SignatureFormat.Vault:
                if (trust.VaultKeys.Count == 0)
                {
                    return (false, SignetErrorCode.KeyNotTrusted, $"signed by vault key {signer}, but this rule trusts no vault key.");
                }

                var key = trust.FindVaultKey(signer?.KeyId);
                if (key is null)
                {
                    return (false, SignetErrorCode.KeyNotTrusted, $"signed by vault key {signer?.KeyId ?? "(unknown)"}, which is not among the rule's {trust.VaultKeys.Count} trusted vault key(s).");
                }

                if (!key.AcceptsVersion(signer?.KeyVersion))
                {
                    return (false, SignetErrorCode.KeyNotTrusted, $"signed by version {signer?.KeyVersion ?? "(unknown)"} of {key.KeyId}; the rule pins versions {string.Join(", ", key.Versions)}.");
                }

                return (true, SignatureVerificationResult.Verified, $"valid signature by trusted vault key {signer}.");

            case SignatureFormat.Cosign:
                if (trust.Cosign is null)
                {
                    return (false, SignetErrorCode.KeyNotTrusted, $"cosign signature by {signer?.KeyId}, but this rule trusts no cosign key.");
                }

                if (!trust.IsTrustedCosignKey(signer?.KeyId))
                {
                    return (false, SignetErrorCode.KeyNotTrusted, $"cosign signature by key {signer?.KeyId ?? "(unknown)"}, which is not among the rule's {trust.Cosign.Keys.Count} cosign key(s).");
                }

                return (true, SignatureVerificationResult.Verified, $"valid cosign signature by trusted key {signer?.KeyId}.");

            case SignatureFormat.NotationJws:
            case SignatureFormat.NotationCose:
                if (trust.Notation is null)
                {
                    return (false, SignetErrorCode.KeyNotTrusted, $"Notary Project signature by {signer}, but this rule has no Notary Project trust policy.");
                }

                return (true, SignatureVerificationResult.Verified, $"valid Notary Project signature by {signer} under the rule's trust policy.");

            default:
                return (false, SignetErrorCode.UnsupportedAlgorithm, $"signature format {result.Format} is not supported by the policy.");
        }
    }

    private static string Describe(SignatureFormat format) => format switch
    {
        SignatureFormat.Vault => "vault-key",
        SignatureFormat.Cosign => "cosign",
        _ => "Notary Project",
    };
}
