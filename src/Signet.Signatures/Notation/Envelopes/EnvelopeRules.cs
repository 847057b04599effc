using System.Globalization;
using System.Text.RegularExpressions;
using Signet.Core.Errors;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>
/// The protected-header rules both envelope formats share (notation-core-go <c>jws.go</c>
/// <c>validateProtectedHeaders</c>/<c>validateCriticalHeaders</c>, <c>cose/envelope.go</c> <c>validateCritHeaders</c>,
/// <c>base/envelope.go</c> <c>validateSigningAndExpiryTime</c>).
/// </summary>
internal static partial class EnvelopeRules
{
    /// <summary>The largest number of protected or unprotected header entries accepted.</summary>
    public const int MaxHeaderEntries = 64;

    /// <summary>Protected header names the specification defines; anything else is an extended attribute.</summary>
    public static readonly IReadOnlySet<string> SystemHeaders = new HashSet<string>(StringComparer.Ordinal)
    {
        NotationConstants.HeaderAlgorithm, NotationConstants.HeaderCritical, NotationConstants.HeaderContentType,
        NotationConstants.HeaderSigningScheme, NotationConstants.HeaderSigningTime, NotationConstants.HeaderAuthenticSigningTime,
        NotationConstants.HeaderExpiry,
    };

    /// <summary>
    /// Checks scheme, times and the <c>crit</c> list. <paramref name="critical"/> holds the names as written;
    /// <paramref name="present"/> tells whether a header exists.
    /// </summary>
    public static EnvelopeFailure? Validate(
        string? scheme,
        DateTimeOffset? signingTime,
        DateTimeOffset? authenticSigningTime,
        DateTimeOffset? expiry,
        IReadOnlyList<string> critical,
        Func<string, bool> present,
        bool strictCritPresence)
    {
        switch (scheme)
        {
            case NotationConstants.SchemeX509:
                if (authenticSigningTime is not null)
                {
                    return Malformed($"The header '{NotationConstants.HeaderAuthenticSigningTime}' must not be present for the {NotationConstants.SchemeX509} signing scheme.");
                }

                if (signingTime is null)
                {
                    return Malformed($"The header '{NotationConstants.HeaderSigningTime}' is required for the {NotationConstants.SchemeX509} signing scheme.");
                }

                break;
            case NotationConstants.SchemeX509SigningAuthority:
                if (signingTime is not null)
                {
                    return Malformed($"The header '{NotationConstants.HeaderSigningTime}' must not be present for the {NotationConstants.SchemeX509SigningAuthority} signing scheme.");
                }

                if (authenticSigningTime is null)
                {
                    return Malformed($"The header '{NotationConstants.HeaderAuthenticSigningTime}' is required for the {NotationConstants.SchemeX509SigningAuthority} signing scheme.");
                }

                break;
            case null:
                return Malformed($"The protected header '{NotationConstants.HeaderSigningScheme}' is missing.");
            default:
                return Malformed($"The signing scheme '{scheme}' is not supported; expected {NotationConstants.SchemeX509} or {NotationConstants.SchemeX509SigningAuthority}.");
        }

        if (critical.Count == 0)
        {
            return Malformed("The protected header 'crit' is missing or empty.");
        }

        var mustBeCritical = new HashSet<string>(StringComparer.Ordinal) { NotationConstants.HeaderSigningScheme };
        if (expiry is not null)
        {
            mustBeCritical.Add(NotationConstants.HeaderExpiry);
        }

        if (scheme == NotationConstants.SchemeX509SigningAuthority)
        {
            mustBeCritical.Add(NotationConstants.HeaderAuthenticSigningTime);
        }

        foreach (var name in critical)
        {
            // JWS (notation-core-go): a crit entry is either a required one (first occurrence) or a present extended attribute.
            if (!mustBeCritical.Remove(name) && (strictCritPresence ? SystemHeaders.Contains(name) || !present(name) : !present(name)))
            {
                return Malformed($"The header '{name}' is marked critical but is not present.");
            }
        }

        if (mustBeCritical.Count > 0)
        {
            return Malformed($"These headers must be marked critical: {string.Join(", ", mustBeCritical.Order(StringComparer.Ordinal))}.");
        }

        var effectiveSigningTime = signingTime ?? authenticSigningTime!.Value;
        if (expiry is { } e && e <= effectiveSigningTime)
        {
            return Malformed($"The expiry {e:O} is not after the signing time {effectiveSigningTime:O}.");
        }

        return null;
    }

    /// <summary>Parses an RFC 3339 date-time the way Go's <c>time.Time</c> JSON decoding does (offset required).</summary>
    public static bool TryParseRfc3339(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length > 64 || !Rfc3339().IsMatch(text))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>A malformed-signature failure.</summary>
    public static EnvelopeFailure Malformed(string message) => new(SignetErrorCode.SignatureMalformed, message);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
