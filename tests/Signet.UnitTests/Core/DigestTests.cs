using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core.Digests;
using Signet.Core.Oci;

namespace Signet.UnitTests.Core;

public sealed class DigestTests
{
    // FIPS 180-2 test vectors.
    private const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string AbcSha256 = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string AbcSha512 = "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    public static TheoryData<string, string> InvalidDigests => new()
    {
        { "", "empty" },
        { "sha256", "no algorithm" },
        { ":abc", "no algorithm" },
        { "sha384:" + new string('a', 96), "'sha384' is not supported" },
        { "SHA256:" + new string('a', 64), "'SHA256' is not supported" },
        { "sha256:" + new string('a', 63), "63 hex characters; expected 64" },
        { "sha256:" + new string('a', 65), "65 hex characters; expected 64" },
        { "sha512:" + new string('a', 64), "64 hex characters; expected 128" },
        { "sha256:" + new string('A', 64), "contains 'A'" },
        { "sha256:" + new string('g', 64), "contains 'g'" },
        { "sha256:" + new string('a', 63) + " ", "contains ' '" },
    };

    [Theory]
    [InlineData(AbcSha256, DigestAlgorithm.Sha256, "sha256")]
    [InlineData(AbcSha512, DigestAlgorithm.Sha512, "sha512")]
    public void Parse_ValidDigest_RoundTrips(string text, DigestAlgorithm algorithm, string name)
    {
        var digest = Digest.Parse(text);

        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(name, digest.AlgorithmName);
        Assert.Equal(text[(name.Length + 1)..], digest.Hex);
        Assert.Equal(text, digest.ToString());
        Assert.Equal($"{name}-{digest.Hex}", digest.ToTagSchema());
        Assert.Equal(digest, Digest.Parse(digest.ToString()));
    }

    [Theory]
    [MemberData(nameof(InvalidDigests))]
    public void Parse_InvalidDigest_ThrowsFormatExceptionNamingTheProblem(string text, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => Digest.Parse(text));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.False(Digest.TryParse(text, out _));
        Assert.False(Digest.TryParse(text, out _, out var error));
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void Compute_KnownVectors_MatchFips180()
    {
        Assert.Equal(EmptySha256, Digest.Compute([]).ToString());
        Assert.Equal(AbcSha256, Digest.Compute("abc"u8).ToString());
        Assert.Equal(AbcSha512, Digest.Compute("abc"u8, DigestAlgorithm.Sha512).ToString());
    }

    [Fact]
    public async Task ComputeAsync_Stream_EqualsComputeOverTheSameBytes()
    {
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);
        using var stream = new NonSeekableStream(content, chunk: 4093);

        var streamed = await Digest.ComputeAsync(stream, DigestAlgorithm.Sha512);

        Assert.Equal(Digest.Compute(content, DigestAlgorithm.Sha512), streamed);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(content)), streamed.Hex);
    }

    [Fact]
    public async Task ComputeAsync_CanceledToken_Throws()
    {
        using var stream = new MemoryStream(new byte[1024]);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Digest.ComputeAsync(stream, cancellationToken: cts.Token));
    }

    [Fact]
    public void CreateIncrementalHash_ContentInPieces_EqualsOneShotDigest()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("awesome notation\n", 1000)));
        var expected = Digest.Compute(content);
        using var hash = expected.CreateIncrementalHash();

        for (var offset = 0; offset < content.Length; offset += 777)
        {
            hash.AppendData(content.AsSpan(offset, Math.Min(777, content.Length - offset)));
        }

        Assert.Equal(expected, Digest.FromHash(DigestAlgorithm.Sha256, hash.GetHashAndReset()));
    }

    [Fact]
    public void Matches_ContentWithOneBitFlipped_IsFalse()
    {
        var content = "awesome notation\n"u8.ToArray();
        var digest = Digest.Compute(content);
        Assert.True(digest.Matches(content));

        content[3] ^= 0x01;

        Assert.False(digest.Matches(content));
    }

    [Fact]
    public void Equality_SameContentDifferentAlgorithms_AreNotEqual()
    {
        Assert.NotEqual(Digest.Compute("abc"u8), Digest.Compute("abc"u8, DigestAlgorithm.Sha512));
        Assert.Equal(Digest.Parse(AbcSha256), Digest.Compute("abc"u8));
    }

    [Fact]
    public void FromHash_WrongLength_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Digest.FromHash(DigestAlgorithm.Sha256, new byte[31]));
        Assert.Contains("32 bytes, not 31", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyJsonDescriptor_DigestIsTheDigestOfBraces()
    {
        Assert.Equal(Digest.Compute("{}"u8), Descriptor.EmptyJson.Digest);
        Assert.Equal(2, Descriptor.EmptyJson.Size);
    }

    [Fact]
    public void JsonConverter_RoundTripsAndRejectsMalformed()
    {
        var descriptor = Descriptor.For(MediaTypes.OciLayerTar, "abc"u8);
        var json = JsonSerializer.Serialize(descriptor, OciJsonContext.Default.Descriptor);
        Assert.Contains($"\"digest\":\"{AbcSha256}\"", json, StringComparison.Ordinal);
        Assert.Equal(descriptor.Digest, JsonSerializer.Deserialize(json, OciJsonContext.Default.Descriptor)!.Digest);

        var bad = json.Replace(AbcSha256, "sha256:ABC", StringComparison.Ordinal);
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(bad, OciJsonContext.Default.Descriptor));
        Assert.Contains("sha256", ex.Message, StringComparison.Ordinal);

        var number = json.Replace($"\"{AbcSha256}\"", "42", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(number, OciJsonContext.Default.Descriptor));
    }

    /// <summary>A stream that hands out small chunks and cannot seek, like a network body.</summary>
    private sealed class NonSeekableStream(byte[] content, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
