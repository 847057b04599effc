using System.Text;
using System.Text.Json;

namespace Signet.Policy.Verdicts;

/// <summary>
/// The decision for one admission request (all images of a Pod): Allow, Warn or Deny, every image's verdict, and the
/// break-glass record when one was asked for.
/// </summary>
public sealed record PolicyDecision
{
    /// <summary>The API server truncates long messages; the short rendering stays under this many UTF-8 bytes.</summary>
    public const int MaxShortMessageBytes = 1024;

    /// <summary>Deny if any image is denied, else Warn if any warns, else Allow.</summary>
    public required Decision Decision { get; init; }

    /// <summary>The policy name.</summary>
    public required string Policy { get; init; }

    /// <summary>The policy generation that decided.</summary>
    public required string Generation { get; init; }

    /// <summary>One verdict per image, in request order.</summary>
    public required IReadOnlyList<ImageVerdict> Images { get; init; }

    /// <summary>The break-glass record, when a break-glass annotation was present.</summary>
    public BreakGlassRecord? BreakGlass { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The admission operation (CREATE, UPDATE).</summary>
    public string? Operation { get; init; }

    /// <summary>True for a dry-run request.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// The message for the API server (≤ <see cref="MaxShortMessageBytes"/> UTF-8 bytes): the decision, then for
    /// each image that was not plainly verified its code, message and hint, cut to fit with a pointer to the full verdict.
    /// </summary>
    public string ToShortMessage()
    {
        var builder = new StringBuilder();
        var notable = Images.Where(i => i.Decision != Verdicts.Decision.Allow || i.Warnings.Count > 0);
        var denied = Images.Count(i => i.Decision == Verdicts.Decision.Deny);
        builder.Append("signet: ").Append(Decision switch
        {
            Verdicts.Decision.Deny => $"denied {denied} of {Images.Count} image(s)",
            Verdicts.Decision.Warn => "admitted with warnings",
            _ => "admitted",
        });
        builder.Append(" (policy ").Append(Policy).Append(')');
        if (BreakGlass is { } breakGlass)
        {
            builder.Append("; break-glass ").Append(breakGlass.Granted ? "used" : "refused: " + breakGlass.Code);
        }

        foreach (var image in notable)
        {
            builder.Append(". ").Append(image.Reference ?? image.Image).Append(": ").Append(image.Code).Append(' ').Append(image.Message.TrimEnd('.'));
            if (image.Hint is { } hint)
            {
                builder.Append(". Fix: ").Append(hint.TrimEnd('.'));
            }

            builder.Append(". See docs/troubleshooting.md#").Append(image.Code.ToLowerInvariant());
        }

        return Truncate(builder.ToString(), MaxShortMessageBytes);
    }

    /// <summary>The full structure as indented JSON, for logs and <c>--output json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, PolicyJsonContext.Default.PolicyDecision);

    private static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string Suffix = " … (truncated; full verdict in the webhook log)";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(Suffix);
        var length = Math.Min(text.Length, budget);
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > budget)
        {
            length--;
        }

        // Do not cut a surrogate pair in half.
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), Suffix);
    }
}
