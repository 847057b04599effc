using System.Net;
using Signet.Core.Digests;
using Signet.Core.Errors;

namespace Signet.Registry;

/// <summary>
/// A registry call failed: the registry was unreachable, refused the credentials, did not have the content, or sent
/// something that cannot be trusted (wrong digest, malformed or oversized content). Keeps the context needed to act.
/// </summary>
/// <remarks>
/// <see cref="Code"/> is one of the stable <see cref="SignetErrorCode"/> values; <see cref="IsTransient"/> says whether
/// trying again later can help. Messages never contain credentials.
/// </remarks>
public sealed class RegistryException : Exception
{
    /// <summary>Creates an exception; prefer the factory methods of the client.</summary>
    public RegistryException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
    }

    /// <summary>Creates an exception with an unspecified code.</summary>
    public RegistryException()
        : this(SignetErrorCode.RegistryUnreachable, "The registry call failed.")
    {
    }

    /// <summary>Creates an exception with an unspecified code.</summary>
    public RegistryException(string message)
        : this(SignetErrorCode.RegistryUnreachable, message)
    {
    }

    /// <summary>Creates an exception with an unspecified code.</summary>
    public RegistryException(string message, Exception innerException)
        : this(SignetErrorCode.RegistryUnreachable, message, innerException)
    {
    }

    /// <summary>Stable reason code from <see cref="SignetErrorCode"/>.</summary>
    public string Code { get; }

    /// <summary>The registry host (<c>host[:port]</c>).</summary>
    public string? Registry { get; init; }

    /// <summary>The repository, when the call concerned one.</summary>
    public string? Repository { get; init; }

    /// <summary>The HTTP method of the failed request.</summary>
    public string? Method { get; init; }

    /// <summary>The URI of the failed request.</summary>
    public Uri? RequestUri { get; init; }

    /// <summary>The HTTP status, when a response was received.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The registry's error list, when it sent one.</summary>
    public IReadOnlyList<RegistryError> Errors { get; init; } = [];

    /// <summary>True when the same call may succeed later (timeouts, 5xx, rate limits, dropped connections).</summary>
    public bool IsTransient { get; init; }

    /// <summary>Where the credentials sent came from (on 401/403), or "anonymous".</summary>
    public string? CredentialSource { get; init; }

    /// <summary>The digest that was asked for, on a digest mismatch.</summary>
    public Digest? ExpectedDigest { get; init; }

    /// <summary>The digest of what was received, on a digest mismatch.</summary>
    public Digest? ReceivedDigest { get; init; }

    /// <summary>The link into <c>docs/troubleshooting.md</c> for <see cref="Code"/>.</summary>
    public string TroubleshootingLink => "docs/troubleshooting.md#" + Code.ToLowerInvariant().Replace('_', '-');
}
