using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;

namespace Signet.Registry.Authentication;

/// <summary>
/// A parsed <c>WWW-Authenticate</c> challenge: <c>Basic realm="…"</c> or the distribution token spec's
/// <c>Bearer realm="…",service="…",scope="…"</c>.
/// </summary>
/// <remarks>https://github.com/distribution/distribution/blob/v2.8.2/docs/spec/auth/token.md (RFC 7235 syntax).</remarks>
internal sealed record AuthChallenge(string Scheme, string? Realm, string? Service, IReadOnlyList<string> Scopes, string? Error)
{
    /// <summary>True for the Bearer token flow.</summary>
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for Basic authentication.</summary>
    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first Bearer or Basic challenge of a response, preferring Bearer.</summary>
    public static AuthChallenge? From(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        AuthChallenge? basic = null;
        foreach (var header in headers)
        {
            if (TryParse(header.Scheme, header.Parameter, out var challenge, out _))
            {
                if (challenge.IsBearer)
                {
                    return challenge;
                }

                basic ??= challenge.IsBasic ? challenge : null;
            }
        }

        return basic;
    }

    /// <summary>Parses the parameters of a challenge (<c>realm="x",service="y"</c>); quoted values may contain commas.</summary>
    public static bool TryParse(string scheme, string? parameters, [NotNullWhen(true)] out AuthChallenge? challenge, [NotNullWhen(false)] out string? error)
    {
        challenge = null;
        if (string.IsNullOrWhiteSpace(scheme))
        {
            error = "The challenge has no scheme.";
            return false;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameters ?? string.Empty;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var name = text[nameStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                error = $"The challenge parameter '{name}' has no value.";
                return false;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                i++;
                var builder = new System.Text.StringBuilder();
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    error = $"The challenge parameter '{name}' has an unterminated quoted value.";
                    return false;
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }

                value = text[valueStart..i].Trim();
            }

            values[name] = value;
        }

        values.TryGetValue("realm", out var realm);
        values.TryGetValue("service", out var service);
        values.TryGetValue("error", out var challengeError);
        IReadOnlyList<string> scopes = values.TryGetValue("scope", out var scope)
            ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
        if (string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(realm))
        {
            error = "The Bearer challenge has no realm (token endpoint).";
            return false;
        }

        challenge = new AuthChallenge(scheme, realm, service, scopes, challengeError);
        error = null;
        return true;
    }
}
