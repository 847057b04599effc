using System.Text.Json;
using Signet.Admission;
using Signet.Testing.Admission;
using Signet.Webhook.Admission;
using Signet.Webhook.Hosting;

namespace Signet.UnitTests.Webhook;

public sealed class DigestPinningTests
{
    private const string Digest = "sha256:89102e348749bb17a6a651a4b2a17420e1a66d2a44a675b981973d49a5af3a5e";
    private const string OtherDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    [Theory]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27@" + Digest, DigestPinningMode.TagAndDigest, "nginx:1.27@" + Digest)]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27@" + Digest, DigestPinningMode.DigestOnly, "nginx@" + Digest)]
    [InlineData("nginx", "docker.io/library/nginx:latest@" + Digest, DigestPinningMode.TagAndDigest, "nginx@" + Digest)]
    [InlineData("localhost:5000/shop/web:v2", "localhost:5000/shop/web:v2@" + Digest, DigestPinningMode.TagAndDigest, "localhost:5000/shop/web:v2@" + Digest)]
    [InlineData("localhost:5000/shop/web:v2", "localhost:5000/shop/web:v2@" + Digest, DigestPinningMode.DigestOnly, "localhost:5000/shop/web@" + Digest)]
    [InlineData("localhost:5000/shop/web", "localhost:5000/shop/web@" + Digest, DigestPinningMode.DigestOnly, "localhost:5000/shop/web@" + Digest)]
    public void PinnedImage_VerifiedTagReference_KeepsTheUsersSpellingAndAddsTheDigest(string image, string pinned, DigestPinningMode mode, string expected)
    {
        var result = DigestPinning.PinnedImage(Allowed(image, pinned), mode, out var refusal);

        Assert.Equal(expected, result);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(DigestPinningMode.TagAndDigest)]
    [InlineData(DigestPinningMode.DigestOnly)]
    public void PinnedImage_AlreadyPinnedToTheVerifiedDigest_IsLeftAlone(DigestPinningMode mode) =>
        Assert.Null(DigestPinning.PinnedImage(Allowed("nginx:v1.26@" + Digest, "docker.io/library/nginx:v1.26@" + Digest), mode, out _));

    [Fact]
    public void PinnedImage_PinnedReferenceInAnotherRepository_IsRefused()
    {
        var result = DigestPinning.PinnedImage(Allowed("registry.example.com/shop/web:1", "registry.example.com/evil/web:1@" + Digest), DigestPinningMode.TagAndDigest, out var refusal);

        Assert.Null(result);
        Assert.Contains("another repository", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedImage_DigestDiffersFromTheOneWritten_IsRefused()
    {
        var result = DigestPinning.PinnedImage(Allowed("nginx@" + Digest, "docker.io/library/nginx@" + OtherDigest), DigestPinningMode.TagAndDigest, out var refusal);

        Assert.Null(result);
        Assert.Contains("differs", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedImage_PinnedReferenceWithoutDigest_IsRefused()
    {
        Assert.Null(DigestPinning.PinnedImage(Allowed("nginx:1", "docker.io/library/nginx:1"), DigestPinningMode.TagAndDigest, out var refusal));
        Assert.NotNull(refusal);
    }

    [Fact]
    public void PinnedImage_DeniedImage_IsNeverPatched()
    {
        var denied = Allowed("nginx:1", "docker.io/library/nginx:1@" + Digest) with { Allowed = false };

        Assert.Null(DigestPinning.PinnedImage(denied, DigestPinningMode.TagAndDigest, out _));
    }

    [Fact]
    public void BuildPatch_AllowedWorkload_ReplacesEachImageAtItsPointer()
    {
        var decision = Decision(true, Allowed("a:1", "docker.io/library/a:1@" + Digest, "/spec/containers/0/image"), Allowed("b:2", "docker.io/library/b:2@" + OtherDigest, "/spec/initContainers/0/image"));

        var patch = DigestPinning.BuildPatch(decision, DigestPinningMode.TagAndDigest);

        using var document = JsonDocument.Parse(patch!);
        var operations = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, operations.Count);
        Assert.Equal("replace", operations[0].GetProperty("op").GetString());
        Assert.Equal("/spec/containers/0/image", operations[0].GetProperty("path").GetString());
        Assert.Equal("a:1@" + Digest, operations[0].GetProperty("value").GetString());
        Assert.Equal("/spec/initContainers/0/image", operations[1].GetProperty("path").GetString());
        Assert.Equal("b:2@" + OtherDigest, operations[1].GetProperty("value").GetString());
    }

    [Fact]
    public void BuildPatch_DeniedWorkload_HasNoPatch() =>
        Assert.Null(DigestPinning.BuildPatch(Decision(false, Allowed("a:1", "docker.io/library/a:1@" + Digest)), DigestPinningMode.TagAndDigest));

    [Fact]
    public void BuildPatch_PinningDisabled_HasNoPatch() =>
        Assert.Null(DigestPinning.BuildPatch(Decision(true, Allowed("a:1", "docker.io/library/a:1@" + Digest)), DigestPinningMode.Disabled));

    [Fact]
    public void BuildPatch_NothingToPin_HasNoPatch() =>
        Assert.Null(DigestPinning.BuildPatch(Decision(true, Allowed("a@" + Digest, "docker.io/library/a@" + Digest)), DigestPinningMode.TagAndDigest));

    [Fact]
    public void BuildPatch_RefusedPin_IsReportedAndSkipped()
    {
        var refused = new List<string>();
        var patch = DigestPinning.BuildPatch(Decision(true, Allowed("a:1", "docker.io/library/b:1@" + Digest)), DigestPinningMode.TagAndDigest, refused);

        Assert.Null(patch);
        Assert.Single(refused);
    }

    [Fact]
    public void TestEvaluatorDigest_IsStablePerImage() =>
        Assert.Equal(TestAdmissionEvaluator.DigestFor("nginx:1"), TestAdmissionEvaluator.DigestFor("docker.io/library/nginx:1"));

    private static ImageDecision Allowed(string image, string pinned, string pointer = "/spec/containers/0/image") =>
        new() { Container = new ContainerImage(image, "c", pointer, "containers"), Allowed = true, Code = "VERIFIED", Message = "ok", PinnedReference = pinned };

    private static AdmissionDecision Decision(bool allowed, params ImageDecision[] images) =>
        new() { Allowed = allowed, Code = allowed ? "VERIFIED" : "SIGNATURE_NOT_FOUND", Message = "m", Images = images };
}
