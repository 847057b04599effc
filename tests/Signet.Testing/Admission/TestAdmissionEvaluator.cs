using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Signet.Admission;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.References;

namespace Signet.Testing.Admission;

/// <summary>
/// A small, rule-driven implementation of the application's own <see cref="IAdmissionEvaluator"/> seam for webhook
/// tests until the real evaluator lands (it is not a stand-in for an external component). Rules by image text:
/// <c>unsigned</c> → denied SIGNATURE_NOT_FOUND; <c>warn</c> → allowed with a warning; <c>explode</c> → throws;
/// anything else → allowed and pinned to a digest derived from the repository and tag (or to its own digest).
/// A <c>signet.dev/break-glass</c> annotation admits denied images and is reported. <see cref="Delay"/> makes every
/// call slow (deadline tests).
/// </summary>
public sealed class TestAdmissionEvaluator : IAdmissionEvaluator
{
    /// <summary>The break-glass annotation the rules honour.</summary>
    public const string BreakGlassAnnotation = "signet.dev/break-glass";

    /// <summary>Requests seen by <see cref="EvaluateAsync"/>.</summary>
    public ConcurrentQueue<AdmissionRequestInfo> Requests { get; } = new();

    /// <summary>Images seen by <see cref="EvaluateImageAsync"/>.</summary>
    public ConcurrentQueue<string> ImageRequests { get; } = new();

    /// <summary>Delay before answering; the token is honoured unless <see cref="IgnoreCancellation"/>.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When true the delay ignores cancellation, like a stuck dependency.</summary>
    public bool IgnoreCancellation { get; set; }

    /// <inheritdoc />
    public bool IsReady { get; set; } = true;

    /// <summary>The digest these rules pin <paramref name="image"/> to (sha256 of its canonical name and tag).</summary>
    public static Digest DigestFor(string image)
    {
        var reference = ImageReference.Parse(image);
        if (reference.HasDigest)
        {
            return reference.Digest.Value;
        }

        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference.Name + ":" + (reference.Tag ?? "latest"))));
        return Digest.Parse("sha256:" + hex);
    }

    /// <inheritdoc />
    public async Task<AdmissionDecision> EvaluateAsync(AdmissionRequestInfo request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        await WaitAsync(cancellationToken);
        var breakGlass = request.Annotations.ContainsKey(BreakGlassAnnotation);
        var images = request.Images.Select(Decide).ToList();
        var denied = images.Where(i => !i.Allowed).ToList();
        if (denied.Count > 0 && breakGlass)
        {
            return new AdmissionDecision
            {
                Allowed = true,
                Code = "BREAK_GLASS",
                Message = "admitted by break-glass",
                Images = images,
                Warnings = ["Break-glass: unverified images admitted"],
                BreakGlass = new BreakGlassUse(request.UserName, BreakGlassAnnotation, "user is allowed", Honoured: true),
            };
        }

        return new AdmissionDecision
        {
            Allowed = denied.Count == 0,
            Code = denied.Count == 0 ? "VERIFIED" : denied[0].Code,
            Message = denied.Count == 0 ? "all images verified" : string.Join("; ", denied.Select(d => $"{d.Container.Image}: {d.Message}")),
            Images = images,
            Warnings = images.Where(i => i.Mode == "warn").Select(i => $"{i.Container.Image} would be denied: {i.Message}").ToList(),
        };
    }

    /// <inheritdoc />
    public async Task<ImageDecision> EvaluateImageAsync(string image, string? @namespace, IReadOnlyDictionary<string, string>? namespaceLabels = null, CancellationToken cancellationToken = default)
    {
        ImageRequests.Enqueue(image);
        await WaitAsync(cancellationToken);
        return Decide(new ContainerImage(image, string.Empty, string.Empty, "containers"));
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, IgnoreCancellation ? CancellationToken.None : cancellationToken);
        }
    }

    private static ImageDecision Decide(ContainerImage container)
    {
        if (container.Image.Contains("explode", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the test evaluator was told to fail");
        }

        if (container.Image.Contains("unsigned", StringComparison.Ordinal))
        {
            return new ImageDecision { Container = container, Allowed = false, Code = SignetErrorCode.SignatureNotFound, Message = "no signature from a trusted key", Mode = "enforce" };
        }

        var reference = ImageReference.Parse(container.Image);
        var pinned = reference.WithDigest(DigestFor(container.Image));
        return container.Image.Contains("warn", StringComparison.Ordinal)
            ? new ImageDecision { Container = container, Allowed = true, Code = SignetErrorCode.SignatureNotFound, Message = "no signature (warn mode)", Mode = "warn", PinnedReference = pinned.Canonical }
            : new ImageDecision { Container = container, Allowed = true, Code = "VERIFIED", Message = "verified", Mode = "enforce", PinnedReference = pinned.Canonical };
    }
}
