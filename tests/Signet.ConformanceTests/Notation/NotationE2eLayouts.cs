using Signet.Core.Layout;
using Signet.Core.Oci;
using Signet.Core.References;
using Signet.Signatures;
using Signet.Signatures.Notation;
using static Signet.ConformanceTests.Notation.NotationVectors;

namespace Signet.ConformanceTests.Notation;

/// <summary>Reads the notation e2e OCI layouts with the core layout store and verifies their signatures.</summary>
internal static class NotationE2eLayouts
{
    public const string Repository = "localhost:5000/e2e";

    public static OciLayoutStore Open(string layout) => new(E2e("registry/oci_layout/" + layout));

    public static async Task<(Descriptor Subject, List<ManifestContent> Signatures)> SignaturesAsync(string layout)
    {
        var store = Open(layout);
        var subject = await store.ResolveAsync("v1");
        var signatures = new List<ManifestContent>();
        await foreach (var referrer in store.ListReferrersAsync(subject.Digest))
        {
            signatures.Add(await store.FetchManifestAsync(referrer.Digest.ToString()));
        }

        return (subject, signatures);
    }

    public static async Task<List<SignatureVerificationResult>> VerifyAsync(string layout, NotationVerifier verifier, string repository = Repository)
    {
        var store = Open(layout);
        var (subject, signatures) = await SignaturesAsync(layout);
        var results = new List<SignatureVerificationResult>();
        foreach (var signature in signatures)
        {
            Assert.True(verifier.CanVerify(signature.Manifest!));
            var context = new SignatureVerificationContext
            {
                Subject = subject,
                Image = ImageReference.Parse($"{repository}@{subject.Digest}"),
                SignatureManifest = signature,
                Repository = store,
            };
            results.AddRange(await verifier.VerifyAsync(context));
        }

        return results;
    }

    public static async Task<byte[]> EnvelopeAsync(string layout)
    {
        var store = Open(layout);
        var (_, signatures) = await SignaturesAsync(layout);
        var layer = Assert.Single(Assert.Single(signatures).Manifest!.Layers);
        return await store.FetchBlobAsync(layer, 1 << 20);
    }
}
