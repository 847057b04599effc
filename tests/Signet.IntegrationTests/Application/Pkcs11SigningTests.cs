using Microsoft.Extensions.DependencyInjection;
using Signet.Keys;
using Signet.Keys.Pkcs11;
using Signet.Signatures;
using Signet.Signing;
using Signet.Targets;
using Signet.Testing.Pkcs11;
using Signet.Testing.Registry;
using Signet.Verification;

namespace Signet.IntegrationTests.Application;

/// <summary>
/// Signing through the application layer with a key that lives in a PKCS#11 token (SoftHSM2): the private key never
/// leaves the token, the signature lands in docker-registry and verifies with the token key's public key.
/// </summary>
public sealed class Pkcs11SigningTests(RegistryFixture registry, SoftHsmFixture hsm) : IClassFixture<RegistryFixture>, IClassFixture<SoftHsmFixture>
{
    [Theory]
    [InlineData(SignatureFormat.Vault, KeyType.Rsa2048)]
    [InlineData(SignatureFormat.Vault, KeyType.EcP256)]
    [InlineData(SignatureFormat.Cosign, KeyType.EcP256)]
    [InlineData(SignatureFormat.NotationJws, KeyType.EcP384)]
    public async Task Sign_WithTokenKey_VerifiesAgainstRegistry(SignatureFormat format, KeyType keyType)
    {
        using var host = new SignetHost(configureServices: services => services.Configure<Pkcs11KeyProviderOptions>(o =>
        {
            o.ModulePath = hsm.ModulePath;
            o.TokenLabel = hsm.TokenLabel;
            o.Pin = SoftHsmFixture.Pin;
        }));
        var keyId = hsm.KeyUri($"app-{format}-{keyType}-{Guid.NewGuid():N}"[..40].ToLowerInvariant());
        var key = await host.Get<KeyVault>().CreateKeyAsync(keyId, keyType);
        var reference = $"{registry.Host}/hsm-{Guid.NewGuid():N}:v1";
        await SampleImages.PushAsync(host.Get<ImageTargetResolver>().Resolve(reference).Repository, "v1");

        await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = reference, KeyId = key.Id, Format = format });
        var factory = host.Get<TrustVerifierFactory>();
        var verifiers = (await factory.ForTrustedKeysAsync([key.Id], [], CancellationToken.None)).ToList();
        if (factory.ForVaultKeyCertificates([await host.Get<KeyVault>().GetKeyAsync(key.Id)], host.Get<NotationKeyCertificates>()) is { } notation)
        {
            verifiers.Add(notation);
        }

        var report = await host.Get<ImageVerifier>().VerifyAsync(host.Get<ImageTargetResolver>().Resolve(reference), verifiers);

        Assert.True(report.IsVerified, string.Join("; ", report.Results.Select(r => $"{r.Code}: {r.Message}")));
    }
}
