using System.Text.Json;
using Signet.Core.Errors;
using Signet.Core.References;

namespace Signet.Admission;

/// <summary>
/// What every admission front end (the webhook, <c>signet policy check</c>) decides about an object before the policy
/// is asked: operations that start no container, objects that are missing or malformed, kinds Signet cannot read,
/// references that do not parse. One implementation, so the CLI's offline check says exactly what the webhook says.
/// </summary>
public static class WorkloadScreening
{
    /// <summary>The code of an object that starts no new container (a Service, a DELETE, an empty pod list).</summary>
    public const string NotAWorkloadCode = "NOT_A_WORKLOAD";

    /// <summary>
    /// Screens <paramref name="workload"/> (the AdmissionRequest's object; undefined when missing) for
    /// <paramref name="operation"/>; a null <paramref name="group"/> or <paramref name="kind"/> is read from the object. With <paramref name="denyUnknownKinds"/> false an unknown kind is admitted with a
    /// warning instead of denied (the webhook's <c>UnknownKinds: Allow</c>).
    /// </summary>
    public static WorkloadScreeningResult Screen(string? operation, JsonElement workload, string? group, string? kind, bool denyUnknownKinds = true)
    {
        operation ??= string.Empty;
        if (operation is not ("CREATE" or "UPDATE"))
        {
            // DELETE and CONNECT run no new container; nothing to verify.
            return Decided(kind ?? "?", Allow(NotAWorkloadCode, $"{operation} runs no new container."));
        }

        if (workload.ValueKind != JsonValueKind.Object)
        {
            return Decided(kind ?? "?", Deny(SignetErrorCode.InvalidAdmissionRequest, $"The {operation} request has no object to check (request.object is missing or not an object).", []));
        }

        var extracted = WorkloadImages.Extract(workload, group, kind);
        switch (extracted.Class)
        {
            case WorkloadKindClass.Invalid:
                return Decided(extracted, Deny(SignetErrorCode.InvalidAdmissionRequest, extracted.Error!, []));
            case WorkloadKindClass.Unknown when denyUnknownKinds:
                return Decided(extracted, Deny(SignetErrorCode.UnsupportedKind, extracted.Error!, []));
            case WorkloadKindClass.Unknown:
                return Decided(extracted, Allow(SignetErrorCode.UnsupportedKind, extracted.Error!, $"Signet did not check {extracted.Kind}: it has no pod spec Signet knows."));
            case WorkloadKindClass.NotAWorkload:
                return Decided(extracted, Allow(NotAWorkloadCode, $"{extracted.Kind} runs no container."));
        }

        var invalid = extracted.Images
            .Select(image => (image, valid: ImageReference.TryParse(image.Image, out _, out var error), error))
            .Where(x => !x.valid)
            .ToList();
        if (invalid.Count > 0)
        {
            return Decided(extracted, Deny(
                SignetErrorCode.InvalidReference,
                "Image reference(s) do not parse: " + string.Join("; ", invalid.Select(x => $"container '{x.image.ContainerName}' ({x.image.JsonPointer}): {x.error}")),
                invalid.Select(x => new ImageDecision { Container = x.image, Allowed = false, Code = SignetErrorCode.InvalidReference, Message = x.error! }).ToList()));
        }

        if (extracted.Images.Count == 0)
        {
            return Decided(extracted, Allow(NotAWorkloadCode, $"The {extracted.Kind} has no containers."));
        }

        return new WorkloadScreeningResult { Kind = extracted.Kind, Workload = extracted };
    }

    /// <summary>
    /// The object's <c>metadata.name</c>, else its <c>metadata.generateName</c> (a Deployment's pods have only that when
    /// admitted), else null: what audit lines, Events and <c>policy check</c> name the object by.
    /// </summary>
    public static string? ObjectName(JsonElement workload) =>
        workload.ValueKind == JsonValueKind.Object
        && workload.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? (metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()
                : metadata.TryGetProperty("generateName", out var generated) && generated.ValueKind == JsonValueKind.String ? generated.GetString() : null)
            : null;

    private static WorkloadScreeningResult Decided(string kind, AdmissionDecision verdict) => new() { Kind = kind, Verdict = verdict };

    private static WorkloadScreeningResult Decided(WorkloadImagesResult extracted, AdmissionDecision verdict) =>
        new() { Kind = extracted.Kind, Workload = extracted, Verdict = verdict };

    private static AdmissionDecision Allow(string code, string message, string? warning = null) =>
        new() { Allowed = true, Code = code, Message = message, Images = [], Warnings = warning is null ? [] : [warning] };

    private static AdmissionDecision Deny(string code, string message, IReadOnlyList<ImageDecision> images) =>
        new() { Allowed = false, Code = code, Message = message, Images = images };
}

/// <summary>The outcome of <see cref="WorkloadScreening.Screen"/>: a verdict reached without the policy, or the images the policy must decide.</summary>
public sealed record WorkloadScreeningResult
{
    /// <summary>The object's kind as classified (or as the request named it).</summary>
    public required string Kind { get; init; }

    /// <summary>What was extracted from the object, when it was an object.</summary>
    public WorkloadImagesResult? Workload { get; init; }

    /// <summary>The verdict when no policy evaluation is needed (or possible); null means: ask the evaluator.</summary>
    public AdmissionDecision? Verdict { get; init; }
}
