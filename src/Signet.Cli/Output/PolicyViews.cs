namespace Signet.Cli.Output;

/// <summary><c>signet policy check --output json</c>.</summary>
/// <param name="Policy">The policy file.</param>
/// <param name="Admitted">True when every object is admitted.</param>
/// <param name="Objects">One entry per object checked.</param>
internal sealed record PolicyCheckView(string Policy, bool Admitted, IReadOnlyList<ObjectDecisionView> Objects);

/// <summary>The webhook's answer for one object.</summary>
/// <param name="Source">Where the object came from (<c>file#document</c>).</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Namespace">The namespace it was evaluated in.</param>
/// <param name="Name">Its name.</param>
/// <param name="Allowed">The verdict.</param>
/// <param name="Code">The decisive code.</param>
/// <param name="Message">The message the API server would show (the denial text).</param>
/// <param name="Warnings">Warnings (warn mode).</param>
/// <param name="Images">One verdict per image.</param>
internal sealed record ObjectDecisionView(string Source, string Kind, string Namespace, string? Name, bool Allowed, string Code, string Message, IReadOnlyList<string> Warnings, IReadOnlyList<ImageDecisionView> Images);

/// <summary>One image's verdict.</summary>
/// <param name="Image">The image as written.</param>
/// <param name="Container">The container's name.</param>
/// <param name="Allowed">The verdict.</param>
/// <param name="Code">The stable code.</param>
/// <param name="Message">Why, with the next step.</param>
internal sealed record ImageDecisionView(string Image, string Container, bool Allowed, string Code, string Message);

/// <summary><c>signet policy validate --output json</c>.</summary>
/// <param name="Policy">The policy file.</param>
/// <param name="Valid">True when it loads without errors.</param>
/// <param name="Errors">Every error, with its location.</param>
internal sealed record PolicyValidateView(string Policy, bool Valid, IReadOnlyList<PolicyErrorView> Errors);

/// <summary>A policy error with its location.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Field">The field path.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
internal sealed record PolicyErrorView(int Line, int Column, string Field, string Message);
