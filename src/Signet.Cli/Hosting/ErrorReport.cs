using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Signet.Cli.Output;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Keys;
using Signet.Policy.Evaluation;
using Signet.Registry;

namespace Signet.Cli.Hosting;

/// <summary>
/// Turns a failure into one line on standard error (code, cause, hint) and an exit code; the stack trace only with
/// <c>--verbose</c>. The one place that knows how each library reports trouble.
/// </summary>
internal static class ErrorReport
{
    /// <summary>Reports <paramref name="exception"/> and returns the exit code.</summary>
    public static int Write(CliContext context, ParseResult parseResult, Exception exception)
    {
        var view = Describe(exception);
        Write(context, parseResult.IsJson(), view);
        if (parseResult.GetValue(CliOptions.Verbose))
        {
            context.Error.Profile.Out.Writer.WriteLine(exception.ToString());
        }

        return view.ExitCode;
    }

    /// <summary>Reports the failure of one input of a batch: the same line, naming the input it concerns.</summary>
    private static void WriteFor(CliContext context, ParseResult parseResult, string input, Exception exception)
    {
        var view = Describe(exception);
        Write(context, json: false, view with { Message = $"{input}: {view.Message}" });
        if (parseResult.GetValue(CliOptions.Verbose))
        {
            context.Error.Profile.Out.Writer.WriteLine(exception.ToString());
        }
    }

    /// <summary>Reports every failed input of a batch, one line each (text output).</summary>
    public static void WriteFailures<T>(CliContext context, ParseResult parseResult, IEnumerable<BatchItem<T>> items)
        where T : class
    {
        foreach (var failed in items.Where(i => i.Failure is not null))
        {
            WriteFor(context, parseResult, failed.Input, failed.Failure!);
        }
    }

    /// <summary>The failed inputs of a batch as the JSON documents list them.</summary>
    public static BatchErrorView[] Failures<T>(IEnumerable<BatchItem<T>> items)
        where T : class =>
        items.Where(i => i.Failure is not null).Select(i => new BatchErrorView(i.Input, Describe(i.Failure!))).ToArray();

    /// <summary>Reports a failure the CLI itself detected.</summary>
    public static void Write(CliContext context, bool json, ErrorView view)
    {
        var writer = context.Error.Profile.Out.Writer;
        if (json)
        {
            CliJson.Write(context.Error, new ErrorDocument(view), CliJsonContext.Default.ErrorDocument);
            return;
        }

        // One line, never wrapped: the cause, then the hint after an em dash-free separator scripts can split on.
        writer.WriteLine(view.Hint is null
            ? $"error: {view.Message} [{view.Code}]"
            : $"error: {view.Message} [{view.Code}] hint: {view.Hint}");
        writer.Flush();
    }

    /// <summary>The code, message, hint and exit code of a failure.</summary>
    public static ErrorView Describe(Exception exception) => exception switch
    {
        CliException e => new(e.Code, e.Message, e.Hint, ExitCodes.Error),
        KeyProviderException e => new(e.Code, e.Message, e.Message.Contains("signet ", StringComparison.Ordinal) ? null : KeyHint(e.Code), ExitCodes.Error),
        OptionsValidationException e => new("INVALID_CONFIGURATION", string.Join("; ", e.Failures), "Fix the settings named above.", ExitCodes.Error),
        RegistryException e => new(e.Code, e.Message, RegistryHint(e.Code), ExitCodes.Error),
        ImageSourceException e => new(e.Code, e.Message, null, ExitCodes.Error),
        FormatException e => new(CliErrorCode.InvalidReference, e.Message, "References look like host/repository:tag, host/repository@sha256:<hex> or oci-layout:<dir>[:tag|@digest].", ExitCodes.Error),
        OciContentException e => new("INVALID_CONTENT", e.Message, null, ExitCodes.Error),
        OperationCanceledException => new(CliErrorCode.Interrupted, "Interrupted; nothing more was done.", null, ExitCodes.Error),
        FileNotFoundException e => new(CliErrorCode.FileUnreadable, e.Message, "Check the path.", ExitCodes.Error),
        DirectoryNotFoundException e => new(CliErrorCode.FileUnreadable, e.Message, "Check the path.", ExitCodes.Error),
        UnauthorizedAccessException e => new(CliErrorCode.FileUnreadable, e.Message, "Check the file's permissions.", ExitCodes.Error),
        IOException e => new("IO_ERROR", e.Message, null, ExitCodes.Error),
        CryptographicException e => new("CRYPTO_ERROR", e.Message, null, ExitCodes.Error),
        _ => new(CliErrorCode.Unexpected, $"{exception.GetType().Name}: {exception.Message}", "Run again with --verbose for details and report it.", ExitCodes.Error),
    };

    private static string? RegistryHint(string code) => code switch
    {
        SignetErrorCode.RegistryUnreachable => "Check the host and port, and that the registry is running.",
        _ => null,
    };

    private static string? KeyHint(string code) => code switch
    {
        KeyErrorCode.KeyNotFound => "List keys with 'signet key list' or create one with 'signet key create <name>'.",
        KeyErrorCode.KeyExists => "Choose another name, or add a version with 'signet key rotate <name>'.",
        KeyErrorCode.InvalidKeyId => "Key names are lower-case letters, digits, '.', '_' and '-' (e.g. release-2026); PKCS#11 keys are pkcs11: URIs.",
        KeyErrorCode.VersionNotFound => "See the versions with 'signet key show <name>'.",
        KeyErrorCode.VersionDisabled => "Enable it with 'signet key enable <name> --version <v>' or sign with the primary version.",
        KeyErrorCode.PrimaryVersion => "Rotate first ('signet key rotate <name>') so that another version is primary.",
        KeyErrorCode.PassphraseRequired => $"Set {CliContext.PassphraseVariable}, or run in a terminal to be prompted.",
        KeyErrorCode.WrongPassphrase => $"Check {CliContext.PassphraseVariable} (the passphrase the key was created with).",
        KeyErrorCode.ModuleNotFound => $"Set {CliContext.Pkcs11ModuleVariable} to the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so), or add ?module-path=… to the key's URI.",
        KeyErrorCode.AlgorithmMismatch => "Pick an --algorithm that fits the key type (see 'signet key show <name>').",
        _ => null,
    };
}
