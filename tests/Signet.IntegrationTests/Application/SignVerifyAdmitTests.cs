using Signet.Admission;
using Signet.Core.Errors;
using Signet.Keys;
using Signet.Policy;
using Signet.Signatures;
using Signet.Signing;
using Signet.Targets;
using Signet.Testing.Registry;
using Signet.Verification;

namespace Signet.IntegrationTests.Application;

/// <summary>
/// The whole chain through the application layer, against Debian's docker-registry on 127.0.0.1 (no referrers API, so
/// every referrer goes through the tag-schema fallback) and the embedded key store: sign in every format, verify,
/// rotate and disable key versions, and admit or deny workloads under a policy.
/// </summary>
public sealed class SignVerifyAdmitTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Theory]
    [InlineData(SignatureFormat.Vault, KeyType.Rsa2048)]
    [InlineData(SignatureFormat.Vault, KeyType.EcP384)]
    [InlineData(SignatureFormat.NotationJws, KeyType.EcP256)]
    [InlineData(SignatureFormat.NotationJws, KeyType.Rsa3072)]
    [InlineData(SignatureFormat.NotationCose, KeyType.Rsa2048)]
    [InlineData(SignatureFormat.NotationCose, KeyType.EcP384)]
    [InlineData(SignatureFormat.Cosign, KeyType.EcP256)]
    [InlineData(SignatureFormat.Cosign, KeyType.Rsa2048)]
    public async Task Sign_ThenVerifyWithTheTrustedKey_IsVerified(SignatureFormat format, KeyType keyType)
    {
        using var host = new SignetHost();
        var key = await host.Get<KeyVault>().CreateKeyAsync("signer", keyType, s_none);
        var reference = await PushImageAsync(host, "v1");

        var signed = await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = reference, KeyId = key.Id, Format = format }, s_none);
        var report = await VerifyAsync(host, reference, key.Id);

        Assert.Equal(format, signed.Format);
        Assert.True(report.IsVerified, string.Join("; ", report.Results.Select(r => $"{r.Code}: {r.Message}")));
        Assert.Equal(signed.Subject.Digest, report.Subject.Digest);
        Assert.Contains(report.Results, r => r.IsValid && r.SignatureDigest is not null);
    }

    [Fact]
    public async Task Verify_ImageSignedByAnotherKey_IsNotVerified()
    {
        using var host = new SignetHost();
        var vault = host.Get<KeyVault>();
        var signer = await vault.CreateKeyAsync("signer", KeyType.EcP256, s_none);
        var other = await vault.CreateKeyAsync("other", KeyType.EcP256, s_none);
        var reference = await PushImageAsync(host, "v1");
        await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = reference, KeyId = signer.Id, Format = SignatureFormat.Vault }, s_none);

        var report = await VerifyAsync(host, reference, other.Id);

        Assert.False(report.IsVerified);
        Assert.Contains(report.Results, r => r.Code == SignetErrorCode.KeyNotTrusted);
    }

    [Fact]
    public async Task Cosign_SigningTwice_KeepsBothSignaturesInTheTag()
    {
        using var host = new SignetHost();
        var vault = host.Get<KeyVault>();
        var first = await vault.CreateKeyAsync("first", KeyType.EcP256, s_none);
        var second = await vault.CreateKeyAsync("second", KeyType.EcP256, s_none);
        var reference = await PushImageAsync(host, "v1");
        var signer = host.Get<ImageSigner>();

        await signer.SignAsync(new SignImageRequest { Reference = reference, KeyId = first.Id, Format = SignatureFormat.Cosign }, s_none);
        await signer.SignAsync(new SignImageRequest { Reference = reference, KeyId = second.Id, Format = SignatureFormat.Cosign }, s_none);
        var byFirst = await VerifyAsync(host, reference, first.Id);
        var bySecond = await VerifyAsync(host, reference, second.Id);

        Assert.True(byFirst.IsVerified);
        Assert.True(bySecond.IsVerified);
        Assert.Equal(2, byFirst.Results.Count);
    }

    [Fact]
    public async Task Rotation_OldSignaturesVerifyUntilTheirVersionIsDisabled()
    {
        using var host = new SignetHost();
        var vault = host.Get<KeyVault>();
        var signer = host.Get<ImageSigner>();
        var key = await vault.CreateKeyAsync("rotating", KeyType.Rsa2048, s_none);
        var old = await PushImageAsync(host, "old");
        await signer.SignAsync(new SignImageRequest { Reference = old, KeyId = key.Id }, s_none);
        var rotated = await vault.RotateKeyAsync(key.Id, s_none);
        var fresh = await PushImageAsync(host, "new");
        var freshSignature = await signer.SignAsync(new SignImageRequest { Reference = fresh, KeyId = key.Id }, s_none);

        Assert.True((await VerifyAsync(host, old, key.Id)).IsVerified);
        Assert.Equal(rotated.Primary.Id, freshSignature.Signer.KeyVersion);

        await vault.SetVersionStateAsync(key.Id, key.Versions[0].Id, KeyVersionState.Disabled, s_none);
        var oldReport = await VerifyAsync(host, old, key.Id);
        var freshReport = await VerifyAsync(host, fresh, key.Id);

        Assert.False(oldReport.IsVerified);
        Assert.Contains(oldReport.Results, r => r.Code == SignetErrorCode.KeyVersionDisabled);
        Assert.True(freshReport.IsVerified);
    }

    [Fact]
    public async Task Admission_SignedAllowed_UnsignedAndTagOnlyDenied()
    {
        using var host = new SignetHost();
        var key = await host.Get<KeyVault>().CreateKeyAsync("admission", KeyType.EcP256, s_none);
        var signed = await PushImageAsync(host, "signed");
        var unsigned = await PushImageAsync(host, "unsigned");
        var signedResult = await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = signed, KeyId = key.Id }, s_none);
        var unsignedDigest = (await host.Get<ImageTargetResolver>().Resolve(unsigned).Repository.ResolveAsync("unsigned", s_none)).Digest;
        var evaluator = await StartPolicyAsync(host, $"[\"{registry.Host}/**\"]", $"vaultKeys: [\"{key.Id}\"]");

        var allowed = await evaluator.EvaluateAsync(Request(signedResult.Image), s_none);
        var denied = await evaluator.EvaluateAsync(Request($"{unsigned.Split(':')[0]}:{unsigned.Split(':')[1]}@{unsignedDigest}"), s_none);
        var tagOnly = await evaluator.EvaluateAsync(Request(signed), s_none);

        Assert.True(allowed.Allowed, allowed.Message);
        Assert.Equal(SignatureVerificationResult.Verified, allowed.Images[0].Code);
        Assert.False(denied.Allowed);
        Assert.Equal(SignetErrorCode.SignatureNotFound, denied.Code);
        Assert.Contains(SignetErrorCode.SignatureNotFound, denied.Message, StringComparison.Ordinal);
        Assert.False(tagOnly.Allowed);
        Assert.Equal(SignetErrorCode.TagNotPinned, tagOnly.Code);
    }

    [Fact]
    public async Task Admission_SigningVersionDisabled_DeniedDespiteCachedVerdict()
    {
        using var host = new SignetHost();
        var vault = host.Get<KeyVault>();
        var key = await vault.CreateKeyAsync("revoked", KeyType.EcP256, s_none);
        var reference = await PushImageAsync(host, "v1");
        var signed = await host.Get<ImageSigner>().SignAsync(new SignImageRequest { Reference = reference, KeyId = key.Id }, s_none);
        await vault.RotateKeyAsync(key.Id, s_none);
        var evaluator = await StartPolicyAsync(host, $"[\"{registry.Host}/**\"]", $"vaultKeys: [\"{key.Id}\"]");

        var before = await evaluator.EvaluateAsync(Request(signed.Image), s_none);
        await vault.SetVersionStateAsync(key.Id, key.Versions[0].Id, KeyVersionState.Disabled, s_none);
        await Task.Delay(Policy.KeyStateFingerprint.RefreshInterval + TimeSpan.FromSeconds(1));
        var after = await evaluator.EvaluateAsync(Request(signed.Image), s_none);

        Assert.True(before.Allowed, before.Message);
        Assert.False(after.Allowed);
        Assert.Equal(SignetErrorCode.KeyVersionDisabled, after.Code);
    }

    [Fact]
    public async Task Admission_RegistryUnreachable_Denies()
    {
        using var host = new SignetHost();
        var key = await host.Get<KeyVault>().CreateKeyAsync("admission", KeyType.EcP256, s_none);
        var evaluator = await StartPolicyAsync(host, "[\"**\"]", $"vaultKeys: [\"{key.Id}\"]");
        var closedPort = FreePort.Next();

        var decision = await evaluator.EvaluateAsync(Request($"127.0.0.1:{closedPort}/app@sha256:{new string('a', 64)}"), s_none);

        Assert.False(decision.Allowed);
        Assert.Equal(SignetErrorCode.RegistryUnreachable, decision.Code);
    }

    [Fact]
    public async Task Admission_PinDigests_PinsOnlyVerifiedImages()
    {
        using var host = new SignetHost();
        var key = await host.Get<KeyVault>().CreateKeyAsync("pinning", KeyType.EcP256, s_none);
        var signedReference = await PushImageAsync(host, "v2");
        var notationOnly = await PushImageAsync(host, "v3");
        var signer = host.Get<ImageSigner>();
        var signed = await signer.SignAsync(new SignImageRequest { Reference = signedReference, KeyId = key.Id }, s_none);
        await signer.SignAsync(new SignImageRequest { Reference = notationOnly, KeyId = key.Id, Format = SignatureFormat.NotationJws }, s_none);
        var evaluator = await StartPolicyAsync(host, $"[\"{registry.Host}/**\"]", $"vaultKeys: [\"{key.Id}\"]", "  pinDigests: true\n");

        var pinned = await evaluator.EvaluateAsync(Request(signedReference), s_none);
        var notPinned = await evaluator.EvaluateAsync(Request(notationOnly), s_none);

        Assert.True(pinned.Allowed, pinned.Message);
        Assert.Equal($"{signedReference}@{signed.Subject.Digest}", pinned.Images[0].PinnedReference);

        // The rule trusts vault signatures only; a Notary Project signature by the same key does not count.
        Assert.False(notPinned.Allowed);
        Assert.Null(notPinned.Images[0].PinnedReference);
    }

    private static AdmissionRequestInfo Request(string image) => new()
    {
        Uid = Guid.NewGuid().ToString(),
        Kind = "Pod",
        Namespace = "default",
        Operation = "CREATE",
        UserName = "alice",
        Images = [new ContainerImage(image, "app", "/spec/containers/0/image", "containers")],
    };

    private static async Task<AdmissionEvaluator> StartPolicyAsync(SignetHost host, string scope, string trust, string extraSpec = "")
    {
        var path = Path.Combine(host.Home, $"policy-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: signet.dev/v1alpha1
            kind: ImageVerificationPolicy
            metadata:
              name: integration
            spec:
            {extraSpec}  rules:
                - name: app
                  scope: {scope}
                  mode: enforce
                  trust:
                    {trust}

            """);
        var load = await host.Get<PolicyFileWatcher>().StartAsync(path, s_none);
        Assert.True(load.IsValid, load.Describe());
        return host.Get<AdmissionEvaluator>();
    }

    private async Task<string> PushImageAsync(SignetHost host, string tag)
    {
        var reference = $"{registry.Host}/app-{Guid.NewGuid():N}:{tag}";
        await SampleImages.PushAsync(host.Get<ImageTargetResolver>().Resolve(reference).Repository, tag, cancellationToken: s_none);
        return reference;
    }

    private static async Task<ImageVerificationReport> VerifyAsync(SignetHost host, string reference, string keyId)
    {
        var factory = host.Get<TrustVerifierFactory>();
        var verifiers = (await factory.ForTrustedKeysAsync([keyId], [], s_none)).ToList();
        if (factory.ForVaultKeyCertificates([await host.Get<KeyVault>().GetKeyAsync(keyId)], host.Get<NotationKeyCertificates>()) is { } notation)
        {
            verifiers.Add(notation);
        }

        return await host.Get<ImageVerifier>().VerifyAsync(host.Get<ImageTargetResolver>().Resolve(reference), verifiers, s_none);
    }
}
