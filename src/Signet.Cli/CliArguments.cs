using System.CommandLine;
using Signet.Cli.Hosting;

namespace Signet.Cli;

/// <summary>Arguments shared by several commands.</summary>
internal static class CliArguments
{
    /// <summary>A key: an embedded-store name (<c>release</c>, <c>signet:release</c>) or a <c>pkcs11:</c> URI.</summary>
    public static Argument<string> Key() => new("key")
    {
        Description = "Key: an embedded-store name (release, signet:release) or a pkcs11: URI.",
    };

    /// <summary>An existing key, completed from the vault's key names.</summary>
    public static Argument<string> ExistingKey() => Key().CompletesKeyNames();

    /// <summary>An image reference: registry (<c>host/repo:tag</c>, <c>@sha256:…</c>) or <c>oci-layout:&lt;dir&gt;[:tag|@digest]</c>.</summary>
    public static Argument<string> Image() => new("reference")
    {
        Description = "Image: host/repository[:tag|@digest] or oci-layout:<dir>[:tag|@digest].",
    };

    /// <summary>One or more image references; duplicates are dropped by <see cref="DistinctImages"/>.</summary>
    public static Argument<string[]> Images() => new("reference")
    {
        Description = "Image(s): host/repository[:tag|@digest] or oci-layout:<dir>[:tag|@digest]; several are worked on as one batch.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The references of <paramref name="argument"/> in the order given, each once.</summary>
    public static string[] DistinctImages(this ParseResult parseResult, Argument<string[]> argument) =>
        parseResult.GetRequiredValue(argument).Distinct(StringComparer.Ordinal).ToArray();
}
