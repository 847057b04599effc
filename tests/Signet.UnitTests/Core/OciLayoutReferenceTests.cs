using Signet.Core.Layout;

namespace Signet.UnitTests.Core;

public sealed class OciLayoutReferenceTests
{
    private const string Sha256 = "sha256:b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9";

    // input, directory, tag, digest
    public static TheoryData<string, string, string?, string?> ValidReferences => new()
    {
        { "oci-layout:/tmp/layout", "/tmp/layout", null, null },
        { "oci-layout:./layout:v1", "./layout", "v1", null },
        { "oci-layout:layout@" + Sha256, "layout", null, Sha256 },
        { "oci-layout:/data/layout:v1@" + Sha256, "/data/layout", "v1", Sha256 },
        { "oci-layout:/data/a:b/", "/data/a:b/", null, null },
        { "oci-layout:/data/a:b/:v1", "/data/a:b/", "v1", null },
        { "oci-layout:/data/a:b/layout:v1", "/data/a:b/layout", "v1", null },
        { "oci-layout:/home/u@host/layout", "/home/u@host/layout", null, null },
        { "oci-layout:/home/u@host/layout@" + Sha256, "/home/u@host/layout", null, Sha256 },
        { "oci-layout:/x@sha256:abc/", "/x@sha256:abc/", null, null },
    };

    public static TheoryData<string, string> InvalidReferences => new()
    {
        { "/tmp/layout", "not an OCI layout reference" },
        { "OCI-LAYOUT:/tmp/layout", "not an OCI layout reference" },
        { "oci-layout:", "names no directory" },
        { "oci-layout::v1", "names no directory" },
        { "oci-layout:@" + Sha256, "names no directory" },
        { "oci-layout:/tmp/layout:", "empty tag" },
        { "oci-layout:/tmp/layout:-v1", "tag '-v1'" },
        { "oci-layout:/tmp/layout:v 1", "tag 'v 1'" },
        { "oci-layout:/tmp/layout@sha256:abc", "digest 'sha256:abc'" },
        { "oci-layout:/tmp/layout@md5:abc", "'md5' is not supported" },
        { "oci-layout:/tmp/lay\nout", "control character" },
    };

    [Theory]
    [MemberData(nameof(ValidReferences))]
    public void Parse_ValidReference_SplitsDirectoryTagAndDigest(string input, string directory, string? tag, string? digest)
    {
        var reference = OciLayoutReference.Parse(input);

        Assert.Equal(directory, reference.Directory);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(digest ?? tag, reference.ManifestReference);
        Assert.Equal(input, reference.ToString());
        Assert.Equal(reference, OciLayoutReference.Parse(reference.ToString()));
        Assert.True(OciLayoutReference.IsOciLayoutReference(input));
    }

    [Theory]
    [MemberData(nameof(InvalidReferences))]
    public void Parse_InvalidReference_ThrowsFormatExceptionNamingThePart(string input, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => OciLayoutReference.Parse(input));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.False(OciLayoutReference.TryParse(input, out _, out var error));
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void IsOciLayoutReference_RegistryReference_IsFalse()
    {
        Assert.False(OciLayoutReference.IsOciLayoutReference("ghcr.io/org/app:v1"));
        Assert.False(OciLayoutReference.IsOciLayoutReference(null));
    }
}
