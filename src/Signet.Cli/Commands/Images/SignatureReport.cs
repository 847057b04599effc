using Signet.Cli.Output;
using Signet.Core.Errors;
using Signet.Signatures;
using Signet.Verification;
using Spectre.Console;

namespace Signet.Cli.Commands.Images;

/// <summary>Turns an <see cref="ImageVerificationReport"/> into the output view and its text rendering.</summary>
internal static class SignatureReport
{
    public static VerifyView ToView(string reference, ImageVerificationReport report)
    {
        var results = report.Results.Select(SignatureResultView.From).ToArray();
        var unverified = report.Unverified
            .Select(s => new UnverifiedSignatureView(s.Descriptor.Digest.ToString(), s.Manifest.Manifest?.EffectiveArtifactType, s.Source == SignatureSource.CosignTag ? "cosign-tag" : "referrer"))
            .ToArray();
        var valid = report.Results.FirstOrDefault(r => r.IsValid);
        var (code, message) = valid is not null
            ? (SignatureVerificationResult.Verified, $"Verified: {valid.Message}")
            : report.Results.Count > 0
                ? (report.Results[0].Code, report.Results[0].Message)
                : unverified.Length > 0
                    ? (SignetErrorCode.SignatureNotFound, $"{unverified.Length} signature(s) are attached but none is in a format or by a key you trust.")
                    : (SignetErrorCode.SignatureNotFound, $"No signature is attached to {report.Subject.Digest}; sign it with 'signet sign {reference} --key <name>'.");
        return new VerifyView(reference, report.Subject.Digest.ToString(), valid is not null, code, message, results, unverified);
    }

    public static void Write(IAnsiConsole console, VerifyView view)
    {
        var verdict = view.Verified ? "[green]verified[/]" : "[red]not verified[/]";
        console.MarkupLine($"{Markup.Escape(view.Image)} {(view.Digest.Length > 0 ? "@ " + Markup.Escape(view.Digest) : "")}: {verdict} [[{Markup.Escape(view.Code)}]]");
        console.MarkupLine($"  {Markup.Escape(view.Message)}");
        foreach (var signature in view.Signatures)
        {
            var mark = signature.Valid ? "[green]ok[/]" : "[red]x[/] ";
            console.MarkupLine($"  {mark} {Markup.Escape(signature.Format)} {Markup.Escape(signature.Signer?.ToString() ?? "?")} {Markup.Escape(signature.Algorithm ?? "")}: {Markup.Escape(signature.Code)} {Markup.Escape(signature.Valid ? "" : signature.Message)}");
        }

        foreach (var other in view.Unverified)
        {
            console.MarkupLine($"  -  {Markup.Escape(other.ArtifactType ?? "unknown type")} {Markup.Escape(other.Digest)}: no trusted key or verifier for it");
        }
    }
}
