namespace Signet.Keys;

/// <summary>
/// A key vault operation failed: unknown key or version, disabled version, wrong passphrase or PIN, corrupted key file,
/// missing PKCS#11 module. The message names the key and the cause; it never contains key material.
/// </summary>
public sealed class KeyProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyProviderException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KeyProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public KeyProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a stable reason code.</summary>
    public KeyProviderException(string code, string message, string? keyId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        KeyId = keyId;
    }

    /// <summary>A stable reason code (<c>KEY_NOT_FOUND</c>, <c>KEY_VERSION_DISABLED</c>, <c>WRONG_PASSPHRASE</c>…).</summary>
    public string Code { get; } = "KEY_PROVIDER_ERROR";

    /// <summary>The key concerned, when known.</summary>
    public string? KeyId { get; }

    /// <summary>True when retrying may succeed (a token that was busy, a KMS that timed out).</summary>
    public bool IsTransient { get; init; }
}
