using Microsoft.Extensions.Logging;
using Signet.Core.Errors;

namespace Signet.Keys.Embedded;

public sealed partial class EmbeddedKeyStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Keys + 0, Level = LogLevel.Information, Message = "Created key {KeyId} ({KeyType}) with version {VersionId}")]
        public static partial void KeyCreated(ILogger logger, string keyId, KeyType keyType, string versionId);

        [LoggerMessage(EventId = SignetEventId.Keys + 1, Level = LogLevel.Information, Message = "Rotated key {KeyId}: new primary version {VersionId}")]
        public static partial void KeyRotated(ILogger logger, string keyId, string versionId);

        [LoggerMessage(EventId = SignetEventId.Keys + 2, Level = LogLevel.Information, Message = "Key {KeyId} version {VersionId} is now {State}")]
        public static partial void VersionStateChanged(ILogger logger, string keyId, string versionId, KeyVersionState state);

        [LoggerMessage(EventId = SignetEventId.Keys + 3, Level = LogLevel.Debug, Message = "Signed with key {KeyId} version {VersionId} ({Algorithm})")]
        public static partial void Signed(ILogger logger, string keyId, string versionId, string algorithm);

        [LoggerMessage(EventId = SignetEventId.Keys + 4, Level = LogLevel.Warning, Message = "Skipped key file {Path}: {Reason}")]
        public static partial void KeyFileSkipped(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = SignetEventId.Keys + 5, Level = LogLevel.Information, Message = "Deleted the private key of key {KeyId} version {VersionId} (its deletion time passed)")]
        public static partial void VersionPurged(ILogger logger, string keyId, string versionId);

        [LoggerMessage(EventId = SignetEventId.Keys + 6, Level = LogLevel.Warning, Message = "Wrong passphrase for key {KeyId}")]
        public static partial void WrongPassphrase(ILogger logger, string keyId);
    }
}
