using System.Formats.Asn1;
using System.Numerics;

namespace Signet.Keys;

/// <summary>
/// Converts ECDSA signatures between IEEE P1363 <c>r||s</c> (what key providers return, JWS/COSE use) and the DER
/// <c>Ecdsa-Sig-Value</c> SEQUENCE of RFC 3279 (what cosign and <c>openssl dgst</c> use).
/// </summary>
public static class EcdsaSignatureEncoding
{
    /// <summary>Encodes a P1363 signature (two big-endian halves of equal length) as DER.</summary>
    /// <exception cref="ArgumentException">The input is empty or has an odd length.</exception>
    public static byte[] P1363ToDer(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty || signature.Length % 2 != 0)
        {
            throw new ArgumentException($"An IEEE P1363 ECDSA signature has two halves of equal length; got {signature.Length} bytes.", nameof(signature));
        }

        var half = signature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(TrimLeadingZeros(signature[..half]));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(signature[half..]));
        }

        return writer.Encode();
    }

    /// <summary>
    /// Decodes a DER <c>Ecdsa-Sig-Value</c> into P1363 with halves of <paramref name="fieldSizeInBytes"/> bytes (32 for
    /// P-256, 48 for P-384, 66 for P-521; see <see cref="KeyTypeExtensions.EcFieldSizeInBytes"/>).
    /// </summary>
    /// <returns>False when the input is not strict DER or a value does not fit the field size.</returns>
    public static bool TryDerToP1363(ReadOnlySpan<byte> der, int fieldSizeInBytes, out byte[] signature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fieldSizeInBytes);
        signature = [];
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadInteger();
            var s = sequence.ReadInteger();
            sequence.ThrowIfNotEmpty();
            var result = new byte[fieldSizeInBytes * 2];
            if (!TryWriteFixed(r, result.AsSpan(0, fieldSizeInBytes)) || !TryWriteFixed(s, result.AsSpan(fieldSizeInBytes)))
            {
                return false;
            }

            signature = result;
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Decodes a DER <c>Ecdsa-Sig-Value</c> into P1363; throws <see cref="ArgumentException"/> on bad input.</summary>
    public static byte[] DerToP1363(ReadOnlySpan<byte> der, int fieldSizeInBytes) =>
        TryDerToP1363(der, fieldSizeInBytes, out var signature)
            ? signature
            : throw new ArgumentException($"Not a DER ECDSA signature with values of at most {fieldSizeInBytes} bytes.", nameof(der));

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    private static bool TryWriteFixed(BigInteger value, Span<byte> destination)
    {
        // ECDSA r and s are in [1, n-1]: zero or negative values are malformed, not merely invalid.
        if (value.Sign <= 0 || value.GetByteCount(isUnsigned: true) > destination.Length)
        {
            return false;
        }

        var length = value.GetByteCount(isUnsigned: true);
        return value.TryWriteBytes(destination[(destination.Length - length)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
