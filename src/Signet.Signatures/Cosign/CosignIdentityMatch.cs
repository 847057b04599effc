using System.Diagnostics.CodeAnalysis;
using Signet.Core.References;

namespace Signet.Signatures.Cosign;

/// <summary>
/// How the signed <c>critical.identity.docker-reference</c> must relate to the image being verified: containers/image's
/// <c>signedIdentity</c> rules (<c>containers-policy.json(5)</c>, <c>signature/policy_reference_match.go</c>).
/// </summary>
public enum CosignIdentityMatch
{
    /// <summary>Not checked, as <c>cosign verify</c> does (the manifest digest binds the signature to the image).</summary>
    None,

    /// <summary>The signed reference names the same repository (the only choice that accepts cosign's repository-only identities).</summary>
    MatchRepository,

    /// <summary>Both references carry a tag or digest and are equal.</summary>
    MatchExact,

    /// <summary>
    /// The signed reference carries a tag or digest; an image named by tag must match exactly, an image named by digest
    /// only needs the same repository (containers/image's default).
    /// </summary>
    MatchRepoDigestOrExact,
}

/// <summary>Applies <see cref="CosignIdentityMatch"/> rules; references are normalized (<c>busybox</c> = <c>docker.io/library/busybox</c>).</summary>
internal static class CosignIdentityMatcher
{
    /// <summary>True when <paramref name="signedReference"/> satisfies <paramref name="rule"/> for <paramref name="image"/>; otherwise why not.</summary>
    public static bool Matches(CosignIdentityMatch rule, ImageReference image, string signedReference, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (rule == CosignIdentityMatch.None)
        {
            return true;
        }

        if (!ImageReference.TryParse(signedReference, out var signed, out var parseError))
        {
            reason = $"the signed docker-reference '{signedReference}' is not a valid reference ({parseError})";
            return false;
        }

        var signedIsNameOnly = signed.Tag is null && !signed.HasDigest;
        var imageIsNameOnly = image.Tag is null && !image.HasDigest;
        switch (rule)
        {
            case CosignIdentityMatch.MatchRepository:
                if (signed.IsSameRepository(image))
                {
                    return true;
                }

                reason = $"the signature is for repository '{signed.Name}', the image is in '{image.Name}'";
                return false;
            case CosignIdentityMatch.MatchExact:
                if (!signedIsNameOnly && !imageIsNameOnly && string.Equals(signed.Canonical, image.Canonical, StringComparison.Ordinal))
                {
                    return true;
                }

                reason = signedIsNameOnly
                    ? $"the signed docker-reference '{signed.Canonical}' has no tag or digest, so it never matches exactly (use matchRepository for cosign signatures)"
                    : $"the signature is for '{signed.Canonical}', the image is '{image.Canonical}' (exact match required)";
                return false;
            case CosignIdentityMatch.MatchRepoDigestOrExact:
                if (signedIsNameOnly)
                {
                    reason = $"the signed docker-reference '{signed.Canonical}' has no tag or digest (use matchRepository for cosign signatures)";
                    return false;
                }

                if (image.Tag is not null)
                {
                    if (string.Equals(signed.Canonical, image.Canonical, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    reason = $"the signature is for '{signed.Canonical}', the image is '{image.Canonical}' (an image named by tag must match exactly)";
                    return false;
                }

                if (image.HasDigest && signed.IsSameRepository(image))
                {
                    return true;
                }

                reason = image.HasDigest
                    ? $"the signature is for repository '{signed.Name}', the image is in '{image.Name}'"
                    : $"the image '{image.Canonical}' has neither tag nor digest";
                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown identity rule.");
        }
    }
}
