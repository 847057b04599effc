namespace Signet.Policy.Model;

/// <summary>One <c>matchExpressions</c> entry of a Kubernetes label selector.</summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Values">Values for <c>In</c>/<c>NotIn</c>; empty for <c>Exists</c>/<c>DoesNotExist</c>.</param>
public sealed record LabelSelectorRequirement(string Key, LabelSelectorOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>True when <paramref name="labels"/> satisfy the requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.In => present && Values.Contains(value!, StringComparer.Ordinal),
            LabelSelectorOperator.NotIn => !present || !Values.Contains(value!, StringComparer.Ordinal),
            LabelSelectorOperator.Exists => present,
            LabelSelectorOperator.DoesNotExist => !present,
            _ => false,
        };
    }
}
