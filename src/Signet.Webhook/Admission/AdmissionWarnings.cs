namespace Signet.Webhook.Admission;

/// <summary>
/// Keeps warnings within what the API server passes on intact: each at most 120 characters, at most 4096 in all
/// (longer ones are truncated or dropped by the API server, which would lose the end of the message silently).
/// </summary>
internal static class AdmissionWarnings
{
    public const int MaxLength = 120;
    public const int MaxTotalLength = 4096;

    public static IReadOnlyList<string>? Limit(IEnumerable<string> warnings)
    {
        var result = new List<string>();
        var total = 0;
        var all = warnings.Where(w => !string.IsNullOrWhiteSpace(w)).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var warning = Truncate(all[i].ReplaceLineEndings(" "), MaxLength);

            // Reserve room for the line that says how many were left out.
            if (total + warning.Length > MaxTotalLength - 64)
            {
                result.Add($"{all.Count - i} more warning(s) left out; see the Signet audit log.");
                break;
            }

            result.Add(warning);
            total += warning.Length;
        }

        return result.Count == 0 ? null : result;
    }

    public static string Truncate(string value, int maxLength) =>
        value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength - 3), "...");
}
