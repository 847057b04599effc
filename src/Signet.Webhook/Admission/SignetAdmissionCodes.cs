namespace Signet.Webhook.Admission;

/// <summary>Codes of allow outcomes the webhook decides itself (denials use <see cref="Signet.Core.Errors.SignetErrorCode"/>).</summary>
internal static class SignetAdmissionCodes
{
    /// <summary>The object runs no new container (a Service, a DELETE…): nothing to verify.</summary>
    public const string NotAWorkload = "NOT_A_WORKLOAD";
}
