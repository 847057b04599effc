namespace Signet.Cli.Output;

/// <summary>The JSON shape of a failure under <c>--output json</c>, written to standard error.</summary>
/// <param name="Error">The failure.</param>
internal sealed record ErrorDocument(ErrorView Error);

/// <summary>One failure: stable code, what happened, what to do.</summary>
/// <param name="Code">The stable code (<c>KEY_NOT_FOUND</c>, <c>USAGE</c>…).</param>
/// <param name="Message">What happened, naming the thing concerned.</param>
/// <param name="Hint">What to do about it, when known.</param>
/// <param name="ExitCode">The process exit code.</param>
internal sealed record ErrorView(string Code, string Message, string? Hint, int ExitCode);
