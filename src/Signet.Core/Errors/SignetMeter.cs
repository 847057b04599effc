namespace Signet.Core.Errors;

/// <summary>
/// The one meter every Signet layer publishes its instruments on (the registry client, the verification cache, the
/// admission path), so a host's exporter reads them all from one name; next to <see cref="SignetEventId"/> for logs.
/// </summary>
public static class SignetMeter
{
    /// <summary>The meter name.</summary>
    public const string Name = "Signet";
}
