using System.CommandLine;

namespace Signet.Cli;

/// <summary>Arguments shared by several commands.</summary>
internal static class CliArguments
{
    /// <summary>A key: an embedded-store name (<c>release</c>, <c>signet:release</c>) or a <c>pkcs11:</c> URI.</summary>
    public static Argument<string> Key() => new("key")
    {
        Description = "Key: an embedded-store name (release, signet:release) or a pkcs11: URI.",
    };

    /// <summary>An image reference: registry (<c>host/repo:tag</c>, <c>@sha256:…</c>) or <c>oci-layout:&lt;dir&gt;[:tag|@digest]</c>.</summary>
    public static Argument<string> Image() => new("reference")
    {
        Description = "Image: host/repository[:tag|@digest] or oci-layout:<dir>[:tag|@digest].",
    };
}
