namespace Signet.Signatures;

/// <summary>
/// The names users see for <see cref="SignatureFormat"/> (CLI options, JSON output, metric labels): <c>vault</c>,
/// <c>notation-jws</c>, <c>notation-cose</c>, <c>cosign</c>. One spelling everywhere.
/// </summary>
public static class SignatureFormatNames
{
    /// <summary>Every name, in the order help text lists them.</summary>
    public static IReadOnlyList<string> All { get; } = ["vault", "notation-jws", "notation-cose", "cosign"];

    /// <summary>The name of <paramref name="format"/>.</summary>
    public static string ToName(this SignatureFormat format) => format switch
    {
        SignatureFormat.NotationJws => "notation-jws",
        SignatureFormat.NotationCose => "notation-cose",
        SignatureFormat.Cosign => "cosign",
        SignatureFormat.Vault => "vault",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a signature format."),
    };

    /// <summary>The format named <paramref name="name"/>; throws <see cref="FormatException"/> naming the valid names.</summary>
    public static SignatureFormat Parse(string name) => name switch
    {
        "notation-jws" => SignatureFormat.NotationJws,
        "notation-cose" => SignatureFormat.NotationCose,
        "cosign" => SignatureFormat.Cosign,
        "vault" => SignatureFormat.Vault,
        _ => throw new FormatException($"'{name}' is not a signature format; use {string.Join(", ", All)}."),
    };
}
