using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;
using Signet.Testing;

namespace Signet.ConformanceTests.Notation;

/// <summary>Paths, clocks and trust material shared by the Notary Project vector tests.</summary>
internal static class NotationVectors
{
    /// <summary>The pinned verification time: 2026, as the vector READMEs state their outcomes.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static string NotationGo(string relative) => TestVectors.Path("notation-go/" + relative);

    public static string E2e(string relative) => TestVectors.Path("notation/test/e2e/testdata/" + relative);

    public static string CoreGo(string relative) => TestVectors.Path("notation-core-go/" + relative);

    public static string NotationGoTrustStoreRoot => NotationGo("verifier/testdata/truststore");

    public static X509Certificate2 LoadCertificate(string path)
    {
        Assert.True(CertificateParsing.TryLoadFile(File.ReadAllBytes(path), out var certificates, out var error), error);
        return Assert.Single(certificates);
    }

    public static EnvelopeContent Parse(byte[] envelope, string mediaType)
    {
        var content = mediaType == MediaTypes.Cose
            ? CoseEnvelope.TryParse(envelope, 10, out var failure)
            : JwsEnvelope.TryParse(envelope, 10, out failure);
        Assert.True(content is not null, failure?.Message);
        return content!;
    }

    public static string MediaTypeOf(byte[] envelope) => envelope.Length > 0 && envelope[0] == 0xD2 ? MediaTypes.Cose : MediaTypes.JoseJson;

    /// <summary>The subject the envelope's payload names (for vectors whose README gives no separate subject).</summary>
    public static Descriptor PayloadSubject(byte[] envelope)
    {
        var content = Parse(envelope, MediaTypeOf(envelope));
        var target = NotationPayload.TryParse(content.Payload, out var error);
        Assert.True(target is not null, error);
        return target!;
    }

    public static NotationVerifier Verifier(string policyJson, NotationTrustStore store, DateTimeOffset? now = null) =>
        new(TrustPolicyDocument.Parse(policyJson), store, timeProvider: new FakeTimeProvider(now ?? Now));

    public static string TrustPolicyJson(string level, string trustStores, string identities = "\"*\"", string scope = "*", string extra = "") =>
        $$"""{"version":"1.0","trustPolicies":[{"name":"test","registryScopes":["{{scope}}"],"signatureVerification":{"level":"{{level}}"{{extra}}},"trustStores":[{{trustStores}}],"trustedIdentities":[{{identities}}]}]}""";

    public static Descriptor Descriptor(string mediaType, string digest, long size) => new() { MediaType = mediaType, Digest = Digest.Parse(digest), Size = size };
}

/// <summary>A trust store directory in a temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryTrustStore : IDisposable
{
    public TemporaryTrustStore() => Root = Directory.CreateTempSubdirectory("signet-truststore-").FullName;

    public string Root { get; }

    public TemporaryTrustStore Add(TrustStoreType type, string name, params X509Certificate2[] certificates)
    {
        for (var i = 0; i < certificates.Length; i++)
        {
            NotationCertificates.WriteToTrustStore(Root, type, name, $"cert{i}.pem", certificates[i]);
        }

        return this;
    }

    public TemporaryTrustStore AddFile(TrustStoreType type, string name, string sourceFile)
    {
        var directory = Path.Combine(Root, "x509", type.ToName(), name);
        Directory.CreateDirectory(directory);
        File.Copy(sourceFile, Path.Combine(directory, Path.GetFileName(sourceFile)), overwrite: true);
        return this;
    }

    public NotationTrustStore Open() => new(Root);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
