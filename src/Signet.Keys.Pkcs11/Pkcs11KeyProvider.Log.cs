using Microsoft.Extensions.Logging;
using Signet.Core.Errors;

namespace Signet.Keys.Pkcs11;

public sealed partial class Pkcs11KeyProvider
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Keys + 50, Level = LogLevel.Information, Message = "Created PKCS#11 key {KeyId} ({KeyType}) in the token")]
        public static partial void KeyCreated(ILogger logger, string keyId, KeyType keyType);

        [LoggerMessage(EventId = SignetEventId.Keys + 51, Level = LogLevel.Information, Message = "Rotated PKCS#11 key {KeyId}: new primary version {VersionId}")]
        public static partial void KeyRotated(ILogger logger, string keyId, string versionId);

        [LoggerMessage(EventId = SignetEventId.Keys + 52, Level = LogLevel.Information, Message = "PKCS#11 key {KeyId} version {VersionId} is now {State}")]
        public static partial void VersionStateChanged(ILogger logger, string keyId, string versionId, KeyVersionState state);

        [LoggerMessage(EventId = SignetEventId.Keys + 53, Level = LogLevel.Debug, Message = "Signed in the token with {KeyId} version {VersionId} ({Algorithm})")]
        public static partial void Signed(ILogger logger, string keyId, string versionId, string algorithm);

        [LoggerMessage(EventId = SignetEventId.Keys + 54, Level = LogLevel.Information, Message = "Destroyed PKCS#11 key {KeyId} version {VersionId} (its deletion time passed)")]
        public static partial void VersionDestroyed(ILogger logger, string keyId, string versionId);
    }
}
