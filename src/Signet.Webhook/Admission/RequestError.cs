namespace Signet.Webhook.Admission;

/// <summary>The body of a 4xx answer to a request Signet could not read: a stable code and what was wrong.</summary>
/// <param name="Code">A stable code (<c>INVALID_ADMISSION_REQUEST</c>, <c>REQUEST_TOO_LARGE</c>…).</param>
/// <param name="Message">What was wrong and what to send instead.</param>
internal sealed record RequestError(string Code, string Message);
