using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;

namespace Signet.UnitTests.Signatures.Notation;

/// <summary>In-process PKI and envelope builders for envelope-level tests (real keys, real signatures).</summary>
internal static class NotationTestPki
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly Descriptor Subject = new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Digest.Compute("{\"schemaVersion\":2}"u8),
        Size = 19,
    };

    public const string Repository = "registry.example.com/app";

    public const string Identity = "x509.subject: C=US, ST=WA, O=Signet Test";

    public sealed record Pki(X509Certificate2 Ca, X509Certificate2 Leaf, AsymmetricAlgorithm LeafKey) : IDisposable
    {
        public void Dispose() => LeafKey.Dispose();
    }

    public static Pki Create(bool ec = true)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test CA, O=Signet Test, ST=WA, C=US", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var ca = caRequest.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(5));

        AsymmetricAlgorithm leafKey = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var leafRequest = ec
            ? new CertificateRequest("CN=builder, O=Signet Test, ST=WA, C=US", (ECDsa)leafKey, HashAlgorithmName.SHA256)
            : new CertificateRequest("CN=builder, O=Signet Test, ST=WA, C=US", (RSA)leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        var leaf = leafRequest.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), Now.AddYears(-1), Now.AddYears(2), [1, 2, 3, 4]);
        return new Pki(ca, leaf, leafKey);
    }

    public static EnvelopeSignRequest Request(Pki pki, Action<List<SignedAttribute>>? attributes = null, DateTimeOffset? expiry = null, IEnumerable<X509Certificate2>? chain = null, byte[]? payload = null, NotationAlgorithm? algorithm = null)
    {
        var extended = new List<SignedAttribute>();
        attributes?.Invoke(extended);
        return new EnvelopeSignRequest
        {
            Algorithm = algorithm ?? NotationAlgorithm.FromCertificate(pki.Leaf, out _)!,
            Payload = payload ?? NotationPayload.Create(Subject, null),
            SigningTime = Now.AddMinutes(-1),
            Expiry = expiry,
            ExtendedAttributes = extended,
            CertificateChain = (chain ?? [pki.Leaf, pki.Ca]).Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList(),
            SigningAgent = "unit-test",
        };
    }

    public static byte[] Jws(Pki pki, EnvelopeSignRequest request)
    {
        var (protectedText, payloadText, input) = JwsEnvelope.BuildSigningInput(request);
        return JwsEnvelope.Assemble(protectedText, payloadText, Sign(pki, request.Algorithm, input), request);
    }

    public static byte[] Cose(Pki pki, EnvelopeSignRequest request)
    {
        var protectedHeader = CoseEnvelope.BuildProtectedHeader(request);
        return CoseEnvelope.Assemble(protectedHeader, request, Sign(pki, request.Algorithm, CoseEnvelope.BuildToBeSigned(protectedHeader, request.Payload.Span)));
    }

    /// <summary>A JWS with a hand-written protected header (for headers Signet's builder would never write).</summary>
    public static byte[] JwsWithHeader(Pki pki, string protectedJson, NotationAlgorithm signWith)
    {
        var request = Request(pki);
        var protectedText = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(protectedJson));
        var payloadText = System.Buffers.Text.Base64Url.EncodeToString(request.Payload.Span);
        var signature = Sign(pki, signWith, Encoding.ASCII.GetBytes(protectedText + "." + payloadText));
        return JwsEnvelope.Assemble(protectedText, payloadText, signature, request);
    }

    public static byte[] Sign(Pki pki, NotationAlgorithm algorithm, byte[] data) => pki.LeafKey switch
    {
        ECDsa ec => ec.SignData(data, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        RSA rsa => rsa.SignData(data, algorithm.Hash, RSASignaturePadding.Pss),
        _ => throw new InvalidOperationException(),
    };

    public static NotationTrustStore Store(X509Certificate2 ca) => NotationTrustStore.FromCertificates([new((TrustStoreType.Ca, "test"), [ca])]);

    public static string PolicyJson(string level = "strict", string extra = "") =>
        $$"""{"version":"1.0","trustPolicies":[{"name":"test","registryScopes":["{{Repository}}"],"signatureVerification":{"level":"{{level}}"{{extra}}},"trustStores":["ca:test"],"trustedIdentities":["{{Identity}}"]}]}""";

    public static NotationVerifier Verifier(Pki pki, TimeProvider time, string level = "strict", NotationVerifierOptions? options = null) =>
        new(TrustPolicyDocument.Parse(PolicyJson(level)), Store(pki.Ca), options, time);
}
