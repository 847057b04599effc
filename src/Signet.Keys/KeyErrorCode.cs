namespace Signet.Keys;

/// <summary>
/// Stable reason codes carried by <see cref="KeyProviderException.Code"/>, so that callers (the CLI, the webhook) can
/// react to a cause without parsing messages. Codes never change meaning once released.
/// </summary>
public static class KeyErrorCode
{
    /// <summary>No key has the id or name.</summary>
    public const string KeyNotFound = "KEY_NOT_FOUND";

    /// <summary>A key with the name already exists.</summary>
    public const string KeyExists = "KEY_EXISTS";

    /// <summary>The key id or name is malformed or no registered provider handles it.</summary>
    public const string InvalidKeyId = "INVALID_KEY_ID";

    /// <summary>The key has no version with the id.</summary>
    public const string VersionNotFound = "KEY_VERSION_NOT_FOUND";

    /// <summary>The version is disabled or scheduled for deletion and cannot sign.</summary>
    public const string VersionDisabled = "KEY_VERSION_DISABLED";

    /// <summary>The version was deleted (its deletion time passed).</summary>
    public const string VersionDeleted = "KEY_VERSION_DELETED";

    /// <summary>The requested change is not allowed on the primary version (disable, schedule deletion).</summary>
    public const string PrimaryVersion = "KEY_VERSION_PRIMARY";

    /// <summary>The signing algorithm does not fit the key type.</summary>
    public const string AlgorithmMismatch = "ALGORITHM_KEY_MISMATCH";

    /// <summary>A pre-computed digest has the wrong length for the algorithm.</summary>
    public const string InvalidDigest = "INVALID_DIGEST";

    /// <summary>No passphrase was supplied for the embedded store.</summary>
    public const string PassphraseRequired = "PASSPHRASE_REQUIRED";

    /// <summary>The passphrase does not open the key file.</summary>
    public const string WrongPassphrase = "WRONG_PASSPHRASE";

    /// <summary>A key file is truncated, corrupted or not a Signet key file.</summary>
    public const string KeyFileCorrupt = "KEY_FILE_CORRUPT";

    /// <summary>The key store could not be read or written (permissions, disk full, lock held too long).</summary>
    public const string StorageFailure = "KEY_STORAGE_FAILURE";

    /// <summary>The PKCS#11 module could not be loaded.</summary>
    public const string ModuleNotFound = "PKCS11_MODULE_NOT_FOUND";

    /// <summary>No PKCS#11 token matches the URI.</summary>
    public const string TokenNotFound = "PKCS11_TOKEN_NOT_FOUND";

    /// <summary>The PKCS#11 token rejected the PIN (or no PIN was given).</summary>
    public const string WrongPin = "PKCS11_WRONG_PIN";

    /// <summary>The PKCS#11 module failed an operation.</summary>
    public const string TokenFailure = "PKCS11_FAILURE";

    /// <summary>Any other provider failure.</summary>
    public const string ProviderError = "KEY_PROVIDER_ERROR";
}
