using Signet.Admission;
using Signet.Core.Errors;

namespace Signet.Webhook.Hosting;

/// <summary>
/// The evaluator used until the application registers the real one (<c>AddSignet()</c>): never ready, denies
/// everything, so a mis-assembled host fails closed.
/// </summary>
internal sealed class UnconfiguredAdmissionEvaluator : IAdmissionEvaluator
{
    private const string Message = "No admission policy is configured in this Signet host; the request is denied. Start the webhook with a policy.";

    public bool IsReady => false;

    public Task<AdmissionDecision> EvaluateAsync(AdmissionRequestInfo request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new AdmissionDecision
        {
            Allowed = false,
            Code = SignetErrorCode.PolicyInvalid,
            Message = Message,
            Images = request.Images.Select(i => new ImageDecision { Container = i, Allowed = false, Code = SignetErrorCode.PolicyInvalid, Message = Message }).ToList(),
        });

    public Task<ImageDecision> EvaluateImageAsync(string image, string? @namespace, IReadOnlyDictionary<string, string>? namespaceLabels = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ImageDecision { Container = new ContainerImage(image, string.Empty, string.Empty, "containers"), Allowed = false, Code = SignetErrorCode.PolicyInvalid, Message = Message });
}
