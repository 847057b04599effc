using System.Formats.Asn1;
using System.Numerics;

namespace Signet.Signatures.Cosign;

/// <summary>
/// Converts ECDSA signatures between the IEEE P1363 <c>r||s</c> form key vaults return and the ASN.1 DER
/// <c>SEQUENCE { INTEGER r, INTEGER s }</c> form cosign (and Signet's vault signature) store.
/// </summary>
internal static class EcdsaSignatureEncoding
{
    /// <summary>Encodes a fixed-width <c>r||s</c> signature as DER.</summary>
    /// <exception cref="ArgumentException">The signature is empty or of odd length.</exception>
    public static byte[] P1363ToDer(ReadOnlySpan<byte> p1363)
    {
        if (p1363.Length == 0 || p1363.Length % 2 != 0 || p1363.Length > 132)
        {
            throw new ArgumentException($"An IEEE P1363 ECDSA signature has an even length of at most 132 bytes; got {p1363.Length}.", nameof(p1363));
        }

        var half = p1363.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(p1363[..half], isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(p1363[half..], isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }
}
