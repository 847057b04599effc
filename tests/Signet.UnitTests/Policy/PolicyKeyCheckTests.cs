using Signet.Keys;
using Signet.Policy.Loading;
using Signet.Testing.Keys;
using static Signet.UnitTests.Policy.PolicyTestData;

namespace Signet.UnitTests.Policy;

/// <summary>Unknown vault keys and versions are refused at load, checked against a real embedded key store.</summary>
public sealed class PolicyKeyCheckTests : IDisposable
{
    private readonly TemporaryKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task CheckAsync_UnknownKeyAndVersion_AreReportedWithLocation()
    {
        var key = await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        var version = key.Primary.Id;
        var policy = Load(PolicyYaml($"""
              rules:
                - name: a
                  scope: ["**"]
                  trust:
                    vaultKeys:
                      - keyId: {key.Id}
                        versions: [{version}, "999"]
                      - keyId: {key.Id}x
                      - "pkcs11:token=other;object=release"
            """));

        var errors = await PolicyKeyCheck.CheckAsync(policy, _keys.Store);

        Assert.True(errors.Count == 2, string.Join("\n", errors));
        Assert.Equal("spec.rules[0].trust.vaultKeys[0].versions", errors[0].Field);
        Assert.Contains("no version '999'", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("spec.rules[0].trust.vaultKeys[1]", errors[1].Field);
        Assert.Contains("unknown key", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal((13, 20), (errors[1].Line, errors[1].Column));
    }
}
