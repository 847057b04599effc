using System.Text.Json;
using Signet.Admission;
using Signet.Core.References;
using Signet.Webhook.Hosting;

namespace Signet.Webhook.Admission;

/// <summary>
/// Builds the RFC 6902 patch that pins each verified image to the digest Signet verified, so the kubelet pulls exactly
/// the content that was checked even if the tag moves later.
/// </summary>
/// <remarks>
/// The user's spelling of the image is kept and only <c>@sha256:…</c> appended (or the tag dropped in digest-only
/// mode), so <c>nginx:1.27</c> becomes <c>nginx:1.27@sha256:…</c>, not a normalized <c>docker.io/library/…</c> name. An
/// image that already carries the verified digest is left alone, which makes the patch idempotent under
/// <c>reinvocationPolicy: IfNeeded</c>. A pinned reference naming another repository than the image is never applied.
/// </remarks>
internal static class DigestPinning
{
    /// <summary>The patch for <paramref name="decision"/>, or null when nothing needs pinning.</summary>
    public static byte[]? BuildPatch(AdmissionDecision decision, DigestPinningMode mode, ICollection<string>? refused = null)
    {
        if (!decision.Allowed || mode == DigestPinningMode.Disabled)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer);
        var count = 0;
        writer.WriteStartArray();
        foreach (var image in decision.Images)
        {
            var pinned = PinnedImage(image, mode, out var refusal);
            if (refusal is not null)
            {
                refused?.Add(refusal);
            }

            if (pinned is null)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("op", "replace");
            writer.WriteString("path", image.Container.JsonPointer);
            writer.WriteString("value", pinned);
            writer.WriteEndObject();
            count++;
        }

        writer.WriteEndArray();
        writer.Flush();
        return count == 0 ? null : buffer.WrittenSpan.ToArray();
    }

    /// <summary>The image string to write for one verified image, or null to leave it as it is.</summary>
    public static string? PinnedImage(ImageDecision decision, DigestPinningMode mode, out string? refusal)
    {
        refusal = null;
        if (!decision.Allowed || decision.PinnedReference is null || mode == DigestPinningMode.Disabled)
        {
            return null;
        }

        var written = decision.Container.Image;
        if (!ImageReference.TryParse(written, out var original) || !ImageReference.TryParse(decision.PinnedReference, out var pinned) || !pinned.HasDigest)
        {
            refusal = $"pinned reference '{decision.PinnedReference}' for '{written}' is not a digest reference";
            return null;
        }

        if (!original.IsSameRepository(pinned))
        {
            refusal = $"pinned reference '{decision.PinnedReference}' names another repository than '{written}'";
            return null;
        }

        if (original.HasDigest)
        {
            if (original.Digest != pinned.Digest)
            {
                refusal = $"pinned digest {pinned.Digest} differs from the digest written in '{written}'";
            }

            // Already pinned (by the user or by an earlier call): nothing to do, whatever the mode.
            return null;
        }

        var name = original.Tag is null ? written : written[..written.LastIndexOf(':')];
        return mode == DigestPinningMode.DigestOnly ? $"{name}@{pinned.Digest}" : $"{written}@{pinned.Digest}";
    }
}
