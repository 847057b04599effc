using Signet.Core.Digests;
using Signet.Core.References;

namespace Signet.UnitTests.Core;

public sealed class ImageReferenceTests
{
    private const string Sha256Hex = "b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9";
    private const string Sha256 = "sha256:" + Sha256Hex;
    private static readonly string s_sha512 = "sha512:" + new string('a', 128);

    // input, registry, repository, tag, digest, canonical
    public static TheoryData<string, string, string, string?, string?, string> ValidReferences => new()
    {
        // Docker Hub normalization: official images get library/, index.docker.io is docker.io.
        { "nginx", "docker.io", "library/nginx", null, null, "docker.io/library/nginx" },
        { "nginx:1.25", "docker.io", "library/nginx", "1.25", null, "docker.io/library/nginx:1.25" },
        { "library/nginx", "docker.io", "library/nginx", null, null, "docker.io/library/nginx" },
        { "docker.io/nginx", "docker.io", "library/nginx", null, null, "docker.io/library/nginx" },
        { "index.docker.io/nginx", "docker.io", "library/nginx", null, null, "docker.io/library/nginx" },
        { "index.docker.io/library/nginx:latest", "docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest" },
        { "registry-1.docker.io/user/app", "docker.io", "user/app", null, null, "docker.io/user/app" },
        { "user/app", "docker.io", "user/app", null, null, "docker.io/user/app" },
        { "user/team/app:v2", "docker.io", "user/team/app", "v2", null, "docker.io/user/team/app:v2" },

        // Registry hosts: domain, port, localhost, IPv4, bracketed IPv6.
        { "ghcr.io/org/app:v1", "ghcr.io", "org/app", "v1", null, "ghcr.io/org/app:v1" },
        { "my-registry.example.com:5000/app", "my-registry.example.com:5000", "app", null, null, "my-registry.example.com:5000/app" },
        { "localhost/app", "localhost", "app", null, null, "localhost/app" },
        { "localhost:5000/app:tag", "localhost:5000", "app", "tag", null, "localhost:5000/app:tag" },
        { "127.0.0.1:5000/team/app", "127.0.0.1:5000", "team/app", null, null, "127.0.0.1:5000/team/app" },
        { "[::1]:5000/app", "[::1]:5000", "app", null, null, "[::1]:5000/app" },
        { "[::1]/app:v1", "[::1]", "app", "v1", null, "[::1]/app:v1" },
        { "[2001:DB8:0:0:0:0:0:1]:443/a/b", "[2001:db8::1]:443", "a/b", null, null, "[2001:db8::1]:443/a/b" },
        { "Registry.Example.COM/app", "registry.example.com", "app", null, null, "registry.example.com/app" },
        { "LOCALHOST/app", "localhost", "app", null, null, "localhost/app" },
        { "Foo/bar", "Foo", "bar", null, null, "Foo/bar" },
        { "example.com:65535/app", "example.com:65535", "app", null, null, "example.com:65535/app" },
        { "a/b", "docker.io", "a/b", null, null, "docker.io/a/b" },

        // A single component with a ':' is a name and a tag, never a registry (as in distribution/reference).
        { "localhost:5000", "docker.io", "library/localhost", "5000", null, "docker.io/library/localhost:5000" },
        { "example.com:5000", "docker.io", "library/example.com", "5000", null, "docker.io/library/example.com:5000" },

        // Path components and their separators: '.', '_', '__', and any run of '-'.
        { "quay.io/a.b/c_d/e__f/g-h/i---j/k9", "quay.io", "a.b/c_d/e__f/g-h/i---j/k9", null, null, "quay.io/a.b/c_d/e__f/g-h/i---j/k9" },
        { "quay.io/0/9z", "quay.io", "0/9z", null, null, "quay.io/0/9z" },

        // Tags: word characters, '.', '-'; up to 128.
        { "app:V1.2_rc-3", "docker.io", "library/app", "V1.2_rc-3", null, "docker.io/library/app:V1.2_rc-3" },
        { "app:_x", "docker.io", "library/app", "_x", null, "docker.io/library/app:_x" },
        { "app:" + new string('t', 128), "docker.io", "library/app", new string('t', 128), null, "docker.io/library/app:" + new string('t', 128) },

        // Digests, and name:tag@digest.
        { "nginx@" + Sha256, "docker.io", "library/nginx", null, Sha256, "docker.io/library/nginx@" + Sha256 },
        { "nginx:1.25@" + Sha256, "docker.io", "library/nginx", "1.25", Sha256, "docker.io/library/nginx:1.25@" + Sha256 },
        { "localhost:5000/app:v1@" + Sha256, "localhost:5000", "app", "v1", Sha256, "localhost:5000/app:v1@" + Sha256 },
        { "[::1]:5000/app@" + Sha256, "[::1]:5000", "app", null, Sha256, "[::1]:5000/app@" + Sha256 },
        { "ghcr.io/org/app@" + s_sha512, "ghcr.io", "org/app", null, s_sha512, "ghcr.io/org/app@" + s_sha512 },
    };

    // input, a fragment the error message must contain (it names the offending part)
    public static TheoryData<string, string> InvalidReferences => new()
    {
        { "", "empty" },
        { "NGINX", "'library/NGINX'" },
        { "docker.io/Library/nginx", "'Library/nginx'" },
        { "ghcr.io/org/App", "must be lower case" },
        { "nginx:", "tag ''" },
        { "nginx:-bad", "'-bad'" },
        { "nginx:.bad", "'.bad'" },
        { "nginx:bad!", "'bad!'" },
        { "nginx:" + new string('t', 129), "129 characters" },
        { "nginx@sha256:abc", "3 hex characters" },
        { "nginx@md5:d41d8cd98f00b204e9800998ecf8427e", "'md5'" },
        { "nginx@sha256:" + Sha256Hex.ToUpperInvariant(), "lower-case" },
        { "nginx@" + Sha256Hex, "no algorithm" },
        { "nginx:v1@", "digest" },
        { "-bad.io/app", "registry '-bad.io'" },
        { "bad-.io/app", "registry 'bad-.io'" },
        { "bad_host.io/app", "registry 'bad_host.io'" },
        { "localhost:99999/app", "port '99999'" },
        { "localhost:/app", "port ''" },
        { "localhost:abc/app", "port 'abc'" },
        { "[::1/app", "closed with ']'" },
        { "[1.2.3.4]/app", "'1.2.3.4' is not an IPv6 address" },
        { "[::ffff:1.2.3.4]/app", "is not an IPv6 address" },
        { "[fe80::1%eth0]/app", "is not an IPv6 address" },
        { "[::1]x/app", "only ':<port>'" },
        { "[]/app", "component '[]'" },
        { "app//x", "empty path component" },
        { "app/", "empty path component" },
        { "/app", "empty path component" },
        { "ghcr.io/", "empty path component" },
        { "app/-x", "component '-x'" },
        { "app/x_", "component 'x_'" },
        { "app/x___y", "component 'x___y'" },
        { "app/a..b", "component 'a..b'" },
        { "app/a.-b", "component 'a.-b'" },
        { "my app", "whitespace" },
        { "app\tname", "whitespace" },
        { "app\u0001", "control character" },
        { Sha256Hex, "image id" },
        { "@" + Sha256, "no repository name" },
        { ":v1", "no repository name" },
        { "example.com/" + new string('a', 244), "the limit is 255" },
        { new string('a', 5000), "5000 characters" },
    };

    public static TheoryData<string, string> EqualPairs => new()
    {
        { "nginx", "docker.io/library/nginx" },
        { "nginx", "index.docker.io/library/nginx" },
        { "nginx:1.25", "docker.io/nginx:1.25" },
        { "user/app", "registry-1.docker.io/user/app" },
        { "Registry.Example.com/app", "registry.example.com/app" },
        { "[::1]:5000/a", "[0:0:0:0:0:0:0:1]:5000/a" },
        { "[2001:db8::1]/a", "[2001:DB8::0:1]/a" },
        { "nginx@" + Sha256, "docker.io/library/nginx@" + Sha256 },
    };

    public static TheoryData<string, string> DistinctPairs => new()
    {
        // A name without a tag is not ":latest": signed identities tell a repository from a tagged image.
        { "nginx", "nginx:latest" },
        { "nginx:1.25@" + Sha256, "nginx@" + Sha256 },
        { "localhost/app", "localhost:5000/app" },
        { "docker.io/user/app", "quay.io/user/app" },
        { "user/app", "library/user/app" },
        { "app:V1", "app:v1" },
    };

    [Theory]
    [MemberData(nameof(ValidReferences))]
    public void Parse_ValidReference_YieldsNormalizedParts(string input, string registry, string repository, string? tag, string? digest, string canonical)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(digest is not null, reference.HasDigest);
        Assert.Equal(canonical, reference.Canonical);
        Assert.Equal(canonical, reference.ToString());
        Assert.Equal($"{registry}/{repository}", reference.Name);
    }

    [Theory]
    [MemberData(nameof(ValidReferences))]
    public void Parse_Canonical_RoundTripsToEqualReference(string input, string registry, string repository, string? tag, string? digest, string canonical)
    {
        _ = (registry, repository, tag, digest);
        var reference = ImageReference.Parse(input);

        var again = ImageReference.Parse(reference.Canonical);

        Assert.Equal(reference, again);
        Assert.Equal(canonical, again.Canonical);
    }

    [Theory]
    [MemberData(nameof(InvalidReferences))]
    public void Parse_InvalidReference_ThrowsFormatExceptionNamingThePart(string input, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => ImageReference.Parse(input));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.False(ImageReference.TryParse(input, out var result, out var error));
        Assert.Null(result);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(ImageReference.TryParse(null, out var result));
        Assert.Null(result);
        Assert.Throws<ArgumentNullException>(() => ImageReference.Parse(null!));
    }

    [Fact]
    public void Parse_NameOfExactly255Characters_IsAccepted()
    {
        var input = "example.com/" + new string('a', 255 - "example.com/".Length);

        var reference = ImageReference.Parse(input);

        Assert.Equal(255, reference.Name.Length);
    }

    [Fact]
    public void Parse_NormalizedNameOver255Characters_IsRejected()
    {
        // 246 characters as written, but docker.io/library/ makes it longer than the limit.
        var input = new string('a', 246);

        var ex = Assert.Throws<FormatException>(() => ImageReference.Parse(input));

        Assert.Contains("the limit is 255", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EqualPairs))]
    public void Equals_TwoSpellingsOfOneImage_AreEqualWithEqualHashes(string left, string right)
    {
        var a = ImageReference.Parse(left);
        var b = ImageReference.Parse(right);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Canonical, b.Canonical);
        Assert.Single(new HashSet<ImageReference> { a, b });
    }

    [Theory]
    [MemberData(nameof(DistinctPairs))]
    public void Equals_DifferentImages_AreNotEqual(string left, string right)
    {
        var a = ImageReference.Parse(left);
        var b = ImageReference.Parse(right);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.Canonical, b.Canonical);
    }

    [Fact]
    public void WithDigest_KeepsTagAndPins()
    {
        var digest = Digest.Parse(Sha256);
        var reference = ImageReference.Parse("ghcr.io/org/app:v1");

        var pinned = reference.WithDigest(digest);
        var digestOnly = reference.WithDigestOnly(digest);

        Assert.Equal("ghcr.io/org/app:v1@" + Sha256, pinned.Canonical);
        Assert.Equal("ghcr.io/org/app@" + Sha256, digestOnly.Canonical);
        Assert.Equal(Sha256, pinned.ManifestReference);
        Assert.True(pinned.IsSameRepository(reference));
    }

    [Fact]
    public void WithTag_ReplacesTagAndDropsDigest()
    {
        var reference = ImageReference.Parse("ghcr.io/org/app:v1@" + Sha256);

        var retagged = reference.WithTag("v2");

        Assert.Equal("ghcr.io/org/app:v2", retagged.Canonical);
        Assert.Throws<FormatException>(() => reference.WithTag("-bad"));
    }

    [Theory]
    [InlineData("nginx", "latest")]
    [InlineData("nginx:1.25", "1.25")]
    [InlineData("nginx:1.25@" + Sha256, Sha256)]
    public void ManifestReference_PrefersDigestThenTagThenLatest(string input, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(input).ManifestReference);

    [Fact]
    public void IsSameRepository_DifferentRegistry_IsFalse()
    {
        Assert.False(ImageReference.Parse("ghcr.io/org/app").IsSameRepository(ImageReference.Parse("quay.io/org/app")));
        Assert.True(ImageReference.Parse("nginx:1").IsSameRepository(ImageReference.Parse("index.docker.io/library/nginx:2")));
    }

    [Theory]
    [InlineData("v1", true)]
    [InlineData("_", true)]
    [InlineData("sha256-abc.sig", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData(".v1", false)]
    [InlineData("a:b", false)]
    [InlineData("a/b", false)]
    public void IsValidTag_FollowsTheGrammar(string? tag, bool expected) => Assert.Equal(expected, ImageReference.IsValidTag(tag));
}
