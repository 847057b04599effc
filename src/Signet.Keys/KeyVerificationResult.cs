namespace Signet.Keys;

/// <summary>
/// The outcome of verifying a signature with a vault key: valid (and which version verified it) or why not, with a
/// stable code from <c>SignetErrorCode</c> (<c>SIGNATURE_INVALID</c>, <c>KEY_VERSION_DISABLED</c>,
/// <c>UNSUPPORTED_ALGORITHM</c>).
/// </summary>
/// <param name="IsValid">True when an accepted version verified the signature.</param>
/// <param name="KeyId">The key's id.</param>
/// <param name="VersionId">The version that verified it; for failures, the pinned version when there was one.</param>
/// <param name="Code">A stable reason code; empty when valid.</param>
/// <param name="Message">What happened, naming the key, the versions tried and the cause.</param>
public sealed record KeyVerificationResult(bool IsValid, string KeyId, string? VersionId, string Code, string Message);
