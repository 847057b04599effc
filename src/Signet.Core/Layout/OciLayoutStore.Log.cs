using Microsoft.Extensions.Logging;
using Signet.Core.Digests;
using Signet.Core.Errors;

namespace Signet.Core.Layout;

/// <content>Log messages of the OCI layout store (event ids from the <see cref="SignetEventId.Core"/> block).</content>
public sealed partial class OciLayoutStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = SignetEventId.Core + 1, Level = LogLevel.Information, Message = "Created OCI image layout {Layout}")]
        public static partial void LayoutCreated(ILogger logger, string layout);

        [LoggerMessage(EventId = SignetEventId.Core + 2, Level = LogLevel.Debug, Message = "Stored manifest {Digest} with tag '{Tag}' in {Layout}")]
        public static partial void ManifestStored(ILogger logger, Digest digest, string tag, string layout);

        [LoggerMessage(EventId = SignetEventId.Core + 3, Level = LogLevel.Warning, Message = "Skipped manifest {Digest} while listing referrers in {Layout}: its blob is not in the layout")]
        public static partial void ReferrerScanSkippedMissingBlob(ILogger logger, Digest digest, string layout);
    }
}
