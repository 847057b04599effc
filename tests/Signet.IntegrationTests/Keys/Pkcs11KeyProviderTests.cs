using System.Text;
using Net.Pkcs11Interop.Common;
using Signet.Keys;
using Signet.Keys.Pkcs11;
using Signet.Testing.Pkcs11;

namespace Signet.IntegrationTests.Keys;

[Collection(SoftHsmGroup.Name)]
public sealed class Pkcs11KeyProviderTests(SoftHsmFixture hsm)
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"sha256:ab\"}}}");

    public static TheoryData<KeyType, string> FittingPairs()
    {
        var data = new TheoryData<KeyType, string>();
        foreach (var keyType in Enum.GetValues<KeyType>())
        {
            foreach (var algorithm in keyType.Algorithms())
            {
                data.Add(keyType, algorithm.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FittingPairs))]
    public async Task Sign_EveryAlgorithmInTheToken_VerifiesWithPublicKey(KeyType keyType, string algorithmName)
    {
        var algorithm = SigningAlgorithm.Parse(algorithmName);
        var keyId = await MatrixKeyAsync(keyType);

        var signature = await hsm.Provider.SignAsync(keyId, null, algorithm, s_message);
        var publicKey = await hsm.Provider.GetPublicKeyAsync(keyId);

        Assert.Equal(keyId, signature.KeyId);
        Assert.Equal("v1", signature.VersionId);
        Assert.Equal(keyType, publicKey.KeyType);
        Assert.True(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, algorithm, s_message, signature.Signature), $"{algorithmName} signature from the token does not verify");
        Assert.False(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, algorithm, [.. s_message, 1], signature.Signature));
        var digestSignature = await hsm.Provider.SignDigestAsync(keyId, "v1", algorithm, algorithm.HashData(s_message));
        Assert.True(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, algorithm, s_message, digestSignature.Signature));
    }

    [Fact]
    public async Task CreateKey_PrivateKeyStaysInToken_SensitiveAndNotExtractable()
    {
        var keyId = hsm.KeyUri("sealed-" + Guid.NewGuid().ToString("N")[..8]);
        await hsm.Provider.CreateKeyAsync(keyId, KeyType.EcP256);

        var module = Pkcs11Modules.Get(hsm.ModulePath);
        var slot = module.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == hsm.TokenLabel);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        var label = Pkcs11KeyUri.Parse(keyId).ObjectLabel!;
        var factory = Pkcs11Modules.Factories.ObjectAttributeFactory;
        var privateKey = Assert.Single(session.FindAllObjects([factory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), factory.Create(CKA.CKA_LABEL, label)]));
        var attributes = session.GetAttributeValue(privateKey, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_TOKEN, CKA.CKA_ID]);

        Assert.True(attributes[0].GetValueAsBool());
        Assert.False(attributes[1].GetValueAsBool());
        Assert.True(attributes[2].GetValueAsBool());
        Assert.Equal("v1"u8.ToArray(), attributes[3].GetValueAsByteArray());
    }

    [Fact]
    public async Task Rotate_NewPrimaryVersion_OldSignaturesStillVerifyThroughVault()
    {
        var keyId = hsm.KeyUri("rotating-" + Guid.NewGuid().ToString("N")[..8]);
        var vault = new KeyVault([hsm.Provider]);
        await vault.CreateKeyAsync(keyId, KeyType.EcP256);
        var v1 = await vault.SignAsync(keyId, null, SigningAlgorithm.EcdsaSha256, s_message);
        hsm.Time.Advance(TimeSpan.FromHours(1));

        var rotated = await vault.RotateKeyAsync(keyId);
        var v2 = await vault.SignAsync(keyId, null, SigningAlgorithm.EcdsaSha256, s_message);

        Assert.Equal(["v1", "v2"], rotated.Versions.Select(v => v.Id));
        Assert.Equal("v2", rotated.Primary.Id);
        Assert.Equal(hsm.Time.GetUtcNow(), rotated.Primary.Created);
        Assert.Equal("v2", v2.VersionId);
        Assert.Equal("v1", (await vault.VerifyAsync(keyId, SigningAlgorithm.EcdsaSha256, s_message, v1.Signature)).VersionId);
        Assert.Equal("v2", (await vault.VerifyAsync(keyId, SigningAlgorithm.EcdsaSha256, s_message, v2.Signature)).VersionId);

        // A version can also be named in the URI itself (RFC 7512 id attribute).
        var byUri = await vault.SignAsync(keyId + ";id=%76%31", null, SigningAlgorithm.EcdsaSha256, s_message);
        Assert.Equal("v1", byUri.VersionId);
    }

    [Fact]
    public async Task VersionStates_DisableEnableScheduleDeletion_FollowTheRules()
    {
        var keyId = hsm.KeyUri("states-" + Guid.NewGuid().ToString("N")[..8]);
        await hsm.Provider.CreateKeyAsync(keyId, KeyType.Rsa2048);
        var v1 = await hsm.Provider.SignAsync(keyId, null, SigningAlgorithm.RsaPssSha256, s_message);
        await hsm.Provider.RotateKeyAsync(keyId);
        var vault = new KeyVault([hsm.Provider]);

        var primary = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.SetVersionStateAsync(keyId, "v2", KeyVersionState.Disabled));
        await hsm.Provider.SetVersionStateAsync(keyId, "v1", KeyVersionState.Disabled);
        var disabledSign = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.SignAsync(keyId, "v1", SigningAlgorithm.RsaPssSha256, s_message));
        var disabledVerify = await vault.VerifyAsync(keyId, SigningAlgorithm.RsaPssSha256, s_message, v1.Signature);
        await hsm.Provider.SetVersionStateAsync(keyId, "v1", KeyVersionState.Enabled);
        var enabledVerify = await vault.VerifyAsync(keyId, SigningAlgorithm.RsaPssSha256, s_message, v1.Signature);
        var scheduled = await hsm.Provider.SetVersionStateAsync(keyId, "v1", KeyVersionState.ScheduledForDeletion);

        Assert.Equal(KeyErrorCode.PrimaryVersion, primary.Code);
        Assert.Equal(KeyErrorCode.VersionDisabled, disabledSign.Code);
        Assert.Equal("KEY_VERSION_DISABLED", disabledVerify.Code);
        Assert.True(enabledVerify.IsValid);
        Assert.Equal(hsm.Time.GetUtcNow() + TimeSpan.FromDays(7), scheduled.Versions[0].DeletionTime);

        hsm.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(["v2"], (await hsm.Provider.GetKeyAsync(keyId)).Versions.Select(v => v.Id));
        await hsm.Provider.RotateKeyAsync(keyId);
        var after = await hsm.Provider.GetKeyAsync(keyId);
        Assert.Equal(["v2", "v3"], after.Versions.Select(v => v.Id));
        var gone = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.GetPublicKeyAsync(keyId, "v1"));
        Assert.Equal(KeyErrorCode.VersionNotFound, gone.Code);
    }

    [Fact]
    public async Task BadInput_UnknownObjectVersionTokenAlgorithm_ClearErrors()
    {
        var keyId = await MatrixKeyAsync(KeyType.EcP384);

        var unknownKey = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.GetKeyAsync(hsm.KeyUri("missing")));
        var unknownVersion = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.SignAsync(keyId, "v7", SigningAlgorithm.EcdsaSha384, s_message));
        var unknownToken = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.GetKeyAsync("pkcs11:token=no-such-token;object=x"));
        var mismatch = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.SignAsync(keyId, null, SigningAlgorithm.EcdsaSha256, s_message));
        var malformed = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.GetKeyAsync("pkcs11:token=%zz;object=x"));
        var typo = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.GetKeyAsync("pkcs11:token=t;objet=x"));
        var exists = await Assert.ThrowsAsync<KeyProviderException>(() => hsm.Provider.CreateKeyAsync(keyId, KeyType.EcP384));

        Assert.Equal((KeyErrorCode.KeyNotFound, hsm.KeyUri("missing")), (unknownKey.Code, unknownKey.KeyId));
        Assert.Contains("'missing'", unknownKey.Message, StringComparison.Ordinal);
        Assert.Equal(KeyErrorCode.VersionNotFound, unknownVersion.Code);
        Assert.Equal(KeyErrorCode.TokenNotFound, unknownToken.Code);
        Assert.Contains(hsm.TokenLabel, unknownToken.Message, StringComparison.Ordinal);
        Assert.Equal(KeyErrorCode.AlgorithmMismatch, mismatch.Code);
        Assert.Equal(KeyErrorCode.InvalidKeyId, malformed.Code);
        Assert.Equal(KeyErrorCode.InvalidKeyId, typo.Code);
        Assert.Contains("objet", typo.Message, StringComparison.Ordinal);
        Assert.Equal(KeyErrorCode.KeyExists, exists.Code);
    }

    [Fact]
    public async Task MissingModule_ThrowsModuleNotFoundNamingPath()
    {
        using var provider = hsm.CreateProvider(configure: o => o.ModulePath = "/nonexistent/libpkcs11.so");

        var e = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(hsm.KeyUri("x")));

        Assert.Equal(KeyErrorCode.ModuleNotFound, e.Code);
        Assert.Contains("/nonexistent/libpkcs11.so", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAModule_ThrowsModuleNotFound()
    {
        using var provider = hsm.CreateProvider(configure: o => o.ModulePath = "/etc/hostname");

        var e = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(hsm.KeyUri("x")));

        Assert.Equal(KeyErrorCode.ModuleNotFound, e.Code);
    }

    [Fact]
    public async Task UriQuery_ModulePathAndPinValue_WorkWithoutOptionsAndNeverLeak()
    {
        var name = "uri-" + Guid.NewGuid().ToString("N")[..8];
        var full = $"{hsm.KeyUri(name)}?module-path={hsm.ModulePath}&pin-value={SoftHsmFixture.Pin}";
        using var provider = new Pkcs11KeyProvider(Microsoft.Extensions.Options.Options.Create(new Pkcs11KeyProviderOptions()), hsm.Time);

        var key = await provider.CreateKeyAsync(full, KeyType.EcP256);
        var signature = await provider.SignAsync(full, null, SigningAlgorithm.EcdsaSha256, s_message);
        var error = await Assert.ThrowsAsync<KeyProviderException>(() => provider.SignAsync(full, "v9", SigningAlgorithm.EcdsaSha256, s_message));

        Assert.Equal(hsm.KeyUri(name), key.Id);
        Assert.Equal(hsm.KeyUri(name), signature.KeyId);
        Assert.DoesNotContain(SoftHsmFixture.Pin, key.Id, StringComparison.Ordinal);
        Assert.DoesNotContain("pin-value", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SoftHsmFixture.Pin, Pkcs11KeyUri.Parse(full).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyIdWithoutModule_AfterUriWithModule_ReachesTheSameToken()
    {
        var name = "idonly-" + Guid.NewGuid().ToString("N")[..8];
        using var provider = new Pkcs11KeyProvider(Microsoft.Extensions.Options.Options.Create(new Pkcs11KeyProviderOptions { Pin = SoftHsmFixture.Pin }), hsm.Time);

        var before = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync(hsm.KeyUri(name)));
        var key = await provider.CreateKeyAsync($"{hsm.KeyUri(name)}?module-path={hsm.ModulePath}", KeyType.EcP256);
        var shown = await provider.GetKeyAsync(key.Id);
        var signature = await provider.SignAsync(key.Id, null, SigningAlgorithm.EcdsaSha256, s_message);
        var publicKey = await provider.GetPublicKeyAsync(key.Id, "v1");
        var otherToken = await Assert.ThrowsAsync<KeyProviderException>(() => provider.GetKeyAsync("pkcs11:token=other-token;object=x"));

        Assert.Equal(KeyErrorCode.ModuleNotFound, before.Code);
        Assert.Equal(key.Id, shown.Id);
        Assert.True(PublicKeyVerifier.Verify(publicKey.SubjectPublicKeyInfo, SigningAlgorithm.EcdsaSha256, s_message, signature.Signature));
        Assert.Equal(KeyErrorCode.ModuleNotFound, otherToken.Code);
    }

    [Fact]
    public async Task Sign_ManyConcurrentCallsOnFewSessions_AllVerify()
    {
        var keyId = await MatrixKeyAsync(KeyType.EcP256);
        using var provider = hsm.CreateProvider(configure: o => o.MaxSessions = 2);
        var spki = (await provider.GetPublicKeyAsync(keyId)).SubjectPublicKeyInfo;

        var signatures = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => provider.SignAsync(keyId, null, SigningAlgorithm.EcdsaSha256, Encoding.UTF8.GetBytes($"message {i}")))));

        for (var i = 0; i < signatures.Length; i++)
        {
            Assert.True(PublicKeyVerifier.Verify(spki, SigningAlgorithm.EcdsaSha256, Encoding.UTF8.GetBytes($"message {i}"), signatures[i].Signature));
        }
    }

    [Fact]
    public async Task KeyMadeByAnotherTool_NoMetadata_ShowsAsEnabledVersion()
    {
        var label = "foreign-" + Guid.NewGuid().ToString("N")[..8];
        var module = Pkcs11Modules.Get(hsm.ModulePath);
        var slot = module.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == hsm.TokenLabel);
        await hsm.Provider.ListKeysAsync(); // make sure the provider has logged in to the token
        using (var session = slot.OpenSession(SessionType.ReadWrite))
        {
            var f = Pkcs11Modules.Factories.ObjectAttributeFactory;
            byte[] ecParams = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
            session.GenerateKeyPair(
                Pkcs11Modules.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, new byte[] { 0x01, 0xAB }), f.Create(CKA.CKA_EC_PARAMS, ecParams), f.Create(CKA.CKA_VERIFY, true)],
                [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, new byte[] { 0x01, 0xAB }), f.Create(CKA.CKA_SIGN, true)],
                out _,
                out _);
        }

        var key = await hsm.Provider.GetKeyAsync(hsm.KeyUri(label));
        var signature = await hsm.Provider.SignAsync(hsm.KeyUri(label), null, SigningAlgorithm.EcdsaSha256, s_message);
        var rotated = await hsm.Provider.RotateKeyAsync(hsm.KeyUri(label));

        var version = Assert.Single(key.Versions);
        Assert.Equal("%01%AB", version.Id);
        Assert.True(version.IsPrimary);
        Assert.Equal(KeyType.EcP256, key.KeyType);
        Assert.Equal("%01%AB", signature.VersionId);
        Assert.Equal(["v1", "%01%AB"], rotated.Versions.Select(v => v.Id));
        Assert.Equal("v1", rotated.Primary.Id);
    }

    private async Task<string> MatrixKeyAsync(KeyType keyType)
    {
        var keyId = hsm.KeyUri("matrix-" + keyType.ToString().ToLowerInvariant());
        await s_matrixLock.WaitAsync();
        try
        {
            try
            {
                await hsm.Provider.GetKeyAsync(keyId);
            }
            catch (KeyProviderException e) when (e.Code == KeyErrorCode.KeyNotFound)
            {
                await hsm.Provider.CreateKeyAsync(keyId, keyType);
            }
        }
        finally
        {
            s_matrixLock.Release();
        }

        return keyId;
    }

    private static readonly SemaphoreSlim s_matrixLock = new(1, 1);
}
