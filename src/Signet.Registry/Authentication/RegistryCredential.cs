namespace Signet.Registry.Authentication;

/// <summary>
/// Credentials for one registry: a user name and secret (password, access token), or an identity token (OAuth2
/// refresh token from <c>docker login</c>), with where they came from for error messages.
/// </summary>
public sealed record RegistryCredential
{
    /// <summary>User name (empty with an identity token).</summary>
    public required string Username { get; init; }

    /// <summary>Password or access token. Never logged or printed.</summary>
    public required string Secret { get; init; }

    /// <summary>An OAuth2 refresh token used with the token endpoint's POST flow instead of Basic credentials.</summary>
    public string? IdentityToken { get; init; }

    /// <summary>Where these credentials came from (<c>docker config /root/.docker/config.json (auths)</c>), for messages.</summary>
    public required string Source { get; init; }

    /// <summary>A short, non-reversible fingerprint so caches never mix tokens obtained with different credentials.</summary>
    internal string CacheKey => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(Username + "\0" + Secret + "\0" + IdentityToken)))[..16];

    /// <summary>Describes the credential without the secret.</summary>
    public override string ToString() => $"{Username} (from {Source})";
}
