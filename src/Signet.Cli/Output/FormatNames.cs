using Signet.Signatures;

namespace Signet.Cli.Output;

/// <summary>The CLI's spelling of signature formats (<c>vault</c>, <c>notation-jws</c>, <c>notation-cose</c>, <c>cosign</c>).</summary>
internal static class FormatNames
{
    public static readonly string[] All = ["vault", "notation-jws", "notation-cose", "cosign"];

    public static SignatureFormat Parse(string name) => name switch
    {
        "notation-jws" => SignatureFormat.NotationJws,
        "notation-cose" => SignatureFormat.NotationCose,
        "cosign" => SignatureFormat.Cosign,
        _ => SignatureFormat.Vault,
    };

    public static string ToCliName(SignatureFormat format) => format switch
    {
        SignatureFormat.NotationJws => "notation-jws",
        SignatureFormat.NotationCose => "notation-cose",
        SignatureFormat.Cosign => "cosign",
        _ => "vault",
    };
}
