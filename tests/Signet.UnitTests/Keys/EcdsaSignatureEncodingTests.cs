using System.Security.Cryptography;
using Signet.Keys;

namespace Signet.UnitTests.Keys;

public sealed class EcdsaSignatureEncodingTests
{
    [Theory]
    [InlineData("nistP256", 32)]
    [InlineData("nistP384", 48)]
    [InlineData("nistP521", 66)]
    public void P1363ToDer_PlatformSignature_MatchesPlatformDerAndRoundTrips(string curve, int fieldSize)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var data = "data"u8.ToArray();
        for (var i = 0; i < 20; i++)
        {
            var p1363 = ecdsa.SignData(data, HashAlgorithmName.SHA256);

            var der = EcdsaSignatureEncoding.P1363ToDer(p1363);

            Assert.True(ecdsa.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            Assert.Equal(p1363, EcdsaSignatureEncoding.DerToP1363(der, fieldSize));
        }
    }

    [Fact]
    public void P1363ToDer_HighBitAndLeadingZeros_EncodesMinimalPositiveIntegers()
    {
        var p1363 = new byte[64];
        p1363[0] = 0x80; // r has its high bit set: DER needs a 0x00 pad.
        p1363[63] = 0x01; // s = 1: 31 leading zero bytes are dropped.

        var der = EcdsaSignatureEncoding.P1363ToDer(p1363);

        Assert.Equal(0x30, der[0]);
        Assert.Equal([0x02, 0x21, 0x00, 0x80], der[2..6]);
        Assert.Equal([0x02, 0x01, 0x01], der[^3..]);
        Assert.Equal(p1363, EcdsaSignatureEncoding.DerToP1363(der, 32));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3006020101020101FF")] // trailing byte
    [InlineData("300602010102")] // truncated
    [InlineData("3006020100020101")] // r = 0
    [InlineData("30060201FF020101")] // r negative
    [InlineData("3007020200010201 01")] // non-minimal integer
    [InlineData("3024022100FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF020101")] // r wider than 32 bytes? no: exactly 32 with pad
    public void TryDerToP1363_MalformedOrOversized_ReturnsFalse(string hex)
    {
        var der = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var fieldSize = hex.StartsWith("3024", StringComparison.Ordinal) ? 31 : 32;

        Assert.False(EcdsaSignatureEncoding.TryDerToP1363(der, fieldSize, out _));
        Assert.Throws<ArgumentException>(() => EcdsaSignatureEncoding.DerToP1363(der, fieldSize));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    public void P1363ToDer_OddOrEmpty_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => EcdsaSignatureEncoding.P1363ToDer(new byte[length]));
    }
}
