namespace Signet.Admission;

/// <summary>
/// Where the admission path learns a namespace's labels, which AdmissionReviews do not carry, for policy rules that
/// select namespaces by label. The webhook's in-cluster implementation reads them from the API server (cached
/// briefly); a failure to read them is a failure of the machine, and the evaluator denies.
/// </summary>
public interface INamespaceLabelSource
{
    /// <summary>The labels of <paramref name="namespace"/>.</summary>
    ValueTask<IReadOnlyDictionary<string, string>> GetLabelsAsync(string @namespace, CancellationToken cancellationToken);
}
