using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signet.Keys;
using Signet.Keys.Pkcs11;

namespace Signet.UnitTests.Keys;

public sealed class Pkcs11KeyUriTests
{
    [Fact]
    public void Parse_FullUri_ReadsPathAndQueryAttributes()
    {
        var uri = Pkcs11KeyUri.Parse("pkcs11:token=Signing%20HSM;object=release;id=%76%32;serial=42?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234");

        Assert.Equal("Signing HSM", uri.Token);
        Assert.Equal("release", uri.ObjectLabel);
        Assert.Equal("v2"u8.ToArray(), uri.Id);
        Assert.Equal("v2", uri.VersionId);
        Assert.Equal("42", uri.Serial);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", uri.ModulePath);
        Assert.Equal("1234", uri.PinValue);
    }

    [Fact]
    public void ToString_UriWithPin_LeavesOutQueryAndPin()
    {
        var uri = Pkcs11KeyUri.Parse("pkcs11:token=t;object=k?pin-value=s3cret&module-path=/m.so");

        var text = uri.ToString();

        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("module-path", text, StringComparison.Ordinal);
        Assert.Equal("pkcs11:token=t;object=k", text);
    }

    [Theory]
    [InlineData("signet:release")]
    [InlineData("pkcs11:token=%zz")]
    [InlineData("pkcs11:token=a;token=b")]
    [InlineData("pkcs11:token=a;objet=typo")]
    [InlineData("pkcs11:token=a?pin-valu=1")]
    public void TryParse_Malformed_ReturnsFalseWithReason(string text)
    {
        Assert.False(Pkcs11KeyUri.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<FormatException>(() => Pkcs11KeyUri.Parse(text));
    }

    [Theory]
    [InlineData(new byte[] { 0x76, 0x31 }, "v1")]
    [InlineData(new byte[] { 0x01, 0xAB }, "%01%AB")]
    [InlineData(new byte[] { 0x2F, 0x61 }, "%2Fa")]
    public void EncodeId_Bytes_UnreservedLiteralOthersPercentEncoded(byte[] id, string expected)
    {
        Assert.Equal(expected, Pkcs11KeyUri.EncodeId(id));
        Assert.Equal(id, Pkcs11KeyUri.Parse($"pkcs11:token=t;object=o;id={expected}").Id);
    }

    [Fact]
    public void KeyId_TokenAndObjectWithSpaces_PercentEncodesAndRoundTrips()
    {
        var id = Pkcs11KeyUri.KeyId("My Token", "release");

        Assert.Equal("pkcs11:token=My%20Token;object=release", id);
        Assert.Equal("My Token", Pkcs11KeyUri.Parse(id).Token);
    }

    [Fact]
    public async Task AddPkcs11Keys_InvalidOptions_FailsAtStartListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddSignetKeys().AddPkcs11Keys(o =>
        {
            o.ModulePath = "/nonexistent/libpkcs11.so";
            o.TokenLabel = new string('t', 40);
            o.MaxSessions = 0;
        });
        await using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var message = string.Join("\n", e.Failures);
        Assert.Contains("/nonexistent/libpkcs11.so", message, StringComparison.Ordinal);
        Assert.Contains("softhsm2", message, StringComparison.Ordinal);
        Assert.Contains("32 characters", message, StringComparison.Ordinal);
        Assert.Contains("MaxSessions", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPkcs11KeysAndEmbedded_VaultRoutesBySchemeInRegistrationOrder()
    {
        var services = new ServiceCollection();
        services.AddSignetKeys().AddEmbeddedKeyStore(o => o.Directory = Path.Combine(Path.GetTempPath(), "signet-unused")).AddPkcs11Keys();
        await using var provider = services.BuildServiceProvider();

        var vault = provider.GetRequiredService<KeyVault>();

        Assert.Equal(["embedded", "pkcs11"], vault.Providers.Select(p => p.Name));
        Assert.Equal("pkcs11", vault.ProviderFor("pkcs11:token=t;object=k").Name);
        Assert.Equal("embedded", vault.ProviderFor("signet:k").Name);
        Assert.Equal("embedded", vault.ProviderFor("k").Name);
    }
}
