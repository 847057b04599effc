using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Signet.Core.Digests;

/// <summary>
/// A content digest (<c>algorithm:hex</c>) that identifies bytes by their hash, used to pin images and to check that
/// what a registry or a file returned is what was asked for.
/// </summary>
/// <remarks>
/// Grammar: https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests. Only the registered
/// algorithms <c>sha256</c> and <c>sha512</c> are accepted, with lower-case hex of the exact length; anything else is
/// refused so that two spellings of one digest can never be treated as different images.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    private Digest(DigestAlgorithm algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary>The hash algorithm.</summary>
    public DigestAlgorithm Algorithm { get; }

    /// <summary>The lower-case hex encoded hash.</summary>
    public string Hex { get; }

    /// <summary>The algorithm name as written in a digest string (<c>sha256</c>, <c>sha512</c>).</summary>
    public string AlgorithmName => AlgorithmToName(Algorithm);

    /// <summary>Parses <c>algorithm:hex</c>; throws <see cref="FormatException"/> naming the offending part.</summary>
    public static Digest Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParseCore(value, out var digest, out var error) ? digest : throw new FormatException(error);
    }

    /// <summary>Parses <c>algorithm:hex</c>, returning false for any malformed or unsupported value.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest) =>
        TryParseCore(value, out digest, out _);

    /// <summary>Parses <c>algorithm:hex</c>, returning the reason when it is not a valid digest.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest, [NotNullWhen(false)] out string? error) =>
        TryParseCore(value, out digest, out error);

    /// <summary>Creates a digest from an algorithm and a raw hash value.</summary>
    public static Digest FromHash(DigestAlgorithm algorithm, ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HashLength(algorithm))
        {
            throw new ArgumentException($"A {AlgorithmToName(algorithm)} hash is {HashLength(algorithm)} bytes, not {hash.Length}.", nameof(hash));
        }

        return new Digest(algorithm, Convert.ToHexStringLower(hash));
    }

    /// <summary>Computes the digest of <paramref name="content"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content, DigestAlgorithm algorithm = DigestAlgorithm.Sha256)
    {
        Span<byte> hash = stackalloc byte[64];
        var written = algorithm switch
        {
            DigestAlgorithm.Sha256 => SHA256.HashData(content, hash),
            DigestAlgorithm.Sha512 => SHA512.HashData(content, hash),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return FromHash(algorithm, hash[..written]);
    }

    /// <summary>Computes the digest of a stream, reading it to its end.</summary>
    public static async Task<Digest> ComputeAsync(Stream content, DigestAlgorithm algorithm = DigestAlgorithm.Sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hash = algorithm switch
        {
            DigestAlgorithm.Sha256 => await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false),
            DigestAlgorithm.Sha512 => await SHA512.HashDataAsync(content, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return FromHash(algorithm, hash);
    }

    /// <summary>Starts an incremental hash with this digest's algorithm, for content that arrives in pieces.</summary>
    public IncrementalHash CreateIncrementalHash() => CreateIncrementalHash(Algorithm);

    /// <summary>Starts an incremental hash for <paramref name="algorithm"/>.</summary>
    public static IncrementalHash CreateIncrementalHash(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        DigestAlgorithm.Sha512 => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>True when <paramref name="content"/> hashes to this digest.</summary>
    public bool Matches(ReadOnlySpan<byte> content) => Compute(content, Algorithm) == this;

    /// <summary>The tag-schema form used by the referrers fallback and cosign (<c>sha256-&lt;hex&gt;</c>).</summary>
    public string ToTagSchema() => $"{AlgorithmName}-{Hex}";

    /// <inheritdoc />
    public override string ToString() => Hex is null ? string.Empty : $"{AlgorithmName}:{Hex}";

    /// <summary>The algorithm's name as used in digest strings.</summary>
    public static string AlgorithmToName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static int HashLength(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha512 ? 64 : 32;

    private static bool TryParseCore(string? value, out Digest digest, [NotNullWhen(false)] out string? error)
    {
        digest = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "The digest is empty; expected 'sha256:<64 hex characters>'.";
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"The digest '{Truncate(value)}' has no algorithm; expected 'sha256:<64 hex characters>'.";
            return false;
        }

        var name = value.AsSpan(0, colon);
        DigestAlgorithm algorithm;
        if (name.SequenceEqual("sha256"))
        {
            algorithm = DigestAlgorithm.Sha256;
        }
        else if (name.SequenceEqual("sha512"))
        {
            algorithm = DigestAlgorithm.Sha512;
        }
        else
        {
            error = $"The digest algorithm '{Truncate(name.ToString())}' is not supported; use sha256 or sha512.";
            return false;
        }

        var hex = value.AsSpan(colon + 1);
        var expected = HashLength(algorithm) * 2;
        if (hex.Length != expected)
        {
            error = $"The {name} digest '{Truncate(value)}' has {hex.Length} hex characters; expected {expected}.";
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                error = $"The digest '{Truncate(value)}' contains '{c}'; only lower-case hex characters are allowed.";
                return false;
            }
        }

        digest = new Digest(algorithm, hex.ToString());
        error = null;
        return true;
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
