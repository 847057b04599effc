using System.Collections.Concurrent;

namespace Signet.Registry.Authentication;

/// <summary>
/// What one credential source has learned per registry: the challenge to answer (so later scopes fetch a token
/// before the first request), Basic headers, and Bearer tokens per scope until shortly before they expire.
/// </summary>
/// <remarks>One cache per credential provider, so a token obtained with one pull secret is never sent for another.</remarks>
internal sealed class AuthCache(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Registry, string Scope), CachedToken> _tokens = new();
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _basic = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Authorization header to send before any challenge, or null.</summary>
    public string? GetAuthorization(string registry, string scope)
    {
        if (_basic.TryGetValue(registry, out var basic))
        {
            return basic;
        }

        if (_tokens.TryGetValue((registry, scope), out var token))
        {
            if (token.RefreshAt > timeProvider.GetUtcNow())
            {
                return "Bearer " + token.Token;
            }

            _tokens.TryRemove(new KeyValuePair<(string, string), CachedToken>((registry, scope), token));
        }

        return null;
    }

    /// <summary>The Bearer challenge seen last for <paramref name="registry"/>.</summary>
    public AuthChallenge? GetChallenge(string registry) => _challenges.TryGetValue(registry, out var challenge) ? challenge : null;

    /// <summary>Remembers a registry's Bearer challenge (realm and service).</summary>
    public void SetChallenge(string registry, AuthChallenge challenge) => _challenges[registry] = challenge;

    /// <summary>Remembers the Basic header a registry accepted.</summary>
    public void SetBasic(string registry, string header) => _basic[registry] = header;

    /// <summary>Caches a token until 90% of its lifetime (at least 1 s before expiry) has passed.</summary>
    public void SetToken(string registry, string scope, string token, TimeSpan lifetime)
    {
        var margin = TimeSpan.FromTicks(Math.Max(lifetime.Ticks / 10, TimeSpan.TicksPerSecond));
        var refreshAt = timeProvider.GetUtcNow() + lifetime - margin;
        _tokens[(registry, scope)] = new CachedToken(token, refreshAt);
    }

    /// <summary>Forgets what was learned for a registry (after a 401 with a cached header).</summary>
    public void Invalidate(string registry, string scope)
    {
        _tokens.TryRemove((registry, scope), out _);
        _basic.TryRemove(registry, out _);
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
