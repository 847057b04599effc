using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Signet.Core.Digests;
using Signet.Core.Oci;
using Signet.Signatures.Notation;
using Signet.Signatures.Notation.Envelopes;
using Signet.Signatures.Notation.Trust;

namespace Signet.Benchmarks.Notation;

/// <summary>
/// Full Notary Project verification (parse, signature, chain rules, trust store, identity, expiry, validity,
/// revocation, subject) of a JWS and a COSE envelope, next to the raw RSA-PSS / ECDSA verification of the same bytes.
/// The chain-rule result is cached by the verifier, as it is for every signature after the first of a signer.
/// </summary>
[MemoryDiagnoser]
public class NotationVerifyBenchmarks
{
    private const string Repository = "registry.example.com/app";

    private readonly Descriptor _subject = new() { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute("{}"u8), Size = 2 };

    private RSA _rsa = null!;
    private ECDsa _ec = null!;
    private NotationVerifier _rsaVerifier = null!;
    private NotationVerifier _ecVerifier = null!;
    private byte[] _rsaJws = null!;
    private byte[] _rsaCose = null!;
    private byte[] _ecJws = null!;
    private byte[] _ecCose = null!;
    private byte[] _rsaJwsInput = null!;
    private byte[] _rsaJwsSignature = null!;
    private byte[] _rsaCoseInput = null!;
    private byte[] _rsaCoseSignature = null!;
    private byte[] _ecJwsInput = null!;
    private byte[] _ecJwsSignature = null!;
    private byte[] _ecCoseInput = null!;
    private byte[] _ecCoseSignature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (rsaCa, rsaLeaf) = Pki(_rsa);
        var (ecCa, ecLeaf) = Pki(_ec);
        _rsaVerifier = Verifier(rsaCa);
        _ecVerifier = Verifier(ecCa);
        (_rsaJws, _rsaJwsInput, _rsaJwsSignature) = Jws(NotationAlgorithm.PS256, rsaLeaf, rsaCa, d => _rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        (_rsaCose, _rsaCoseInput, _rsaCoseSignature) = Cose(NotationAlgorithm.PS256, rsaLeaf, rsaCa, d => _rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        (_ecJws, _ecJwsInput, _ecJwsSignature) = Jws(NotationAlgorithm.ES256, ecLeaf, ecCa, d => _ec.SignData(d, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        (_ecCose, _ecCoseInput, _ecCoseSignature) = Cose(NotationAlgorithm.ES256, ecLeaf, ecCa, d => _ec.SignData(d, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        foreach (var (verifier, envelope, type) in new[] { (_rsaVerifier, _rsaJws, MediaTypes.JoseJson), (_rsaVerifier, _rsaCose, MediaTypes.Cose), (_ecVerifier, _ecJws, MediaTypes.JoseJson), (_ecVerifier, _ecCose, MediaTypes.Cose) })
        {
            var result = verifier.VerifyEnvelope(envelope, type, _subject, Repository);
            if (!result.IsValid)
            {
                throw new InvalidOperationException(result.Message);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool RawRsaPss_JwsBytes() => _rsa.VerifyData(_rsaJwsInput, _rsaJwsSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    [Benchmark]
    public bool NotationJws_Ps256() => _rsaVerifier.VerifyEnvelope(_rsaJws, MediaTypes.JoseJson, _subject, Repository).IsValid;

    [Benchmark]
    public bool RawRsaPss_CoseBytes() => _rsa.VerifyData(_rsaCoseInput, _rsaCoseSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    [Benchmark]
    public bool NotationCose_Ps256() => _rsaVerifier.VerifyEnvelope(_rsaCose, MediaTypes.Cose, _subject, Repository).IsValid;

    [Benchmark]
    public bool RawEcdsa_JwsBytes() => _ec.VerifyData(_ecJwsInput, _ecJwsSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool NotationJws_Es256() => _ecVerifier.VerifyEnvelope(_ecJws, MediaTypes.JoseJson, _subject, Repository).IsValid;

    [Benchmark]
    public bool RawEcdsa_CoseBytes() => _ec.VerifyData(_ecCoseInput, _ecCoseSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool NotationCose_Es256() => _ecVerifier.VerifyEnvelope(_ecCose, MediaTypes.Cose, _subject, Repository).IsValid;

    private static (X509Certificate2 Ca, X509Certificate2 Leaf) Pki(AsymmetricAlgorithm leafKey)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Bench CA, O=Signet, ST=WA, C=US", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var leafRequest = leafKey is RSA rsa
            ? new CertificateRequest("CN=bench, O=Signet, ST=WA, C=US", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=bench, O=Signet, ST=WA, C=US", (ECDsa)leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        return (ca, leafRequest.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1), now.AddMonths(6), [7, 7, 7]));
    }

    private NotationVerifier Verifier(X509Certificate2 ca) => new(
        TrustPolicyDocument.Parse($$"""{"version":"1.0","trustPolicies":[{"name":"b","registryScopes":["{{Repository}}"],"signatureVerification":{"level":"strict"},"trustStores":["ca:b"],"trustedIdentities":["x509.subject: C=US, ST=WA, O=Signet"]}]}"""),
        NotationTrustStore.FromCertificates([new((TrustStoreType.Ca, "b"), [ca])]));

    private EnvelopeSignRequest Request(NotationAlgorithm algorithm, X509Certificate2 leaf, X509Certificate2 ca) => new()
    {
        Algorithm = algorithm,
        Payload = NotationPayload.Create(_subject, null),
        SigningTime = DateTimeOffset.UtcNow.AddMinutes(-1),
        CertificateChain = [leaf.RawData, ca.RawData],
        SigningAgent = "bench",
    };

    private (byte[], byte[], byte[]) Jws(NotationAlgorithm algorithm, X509Certificate2 leaf, X509Certificate2 ca, Func<byte[], byte[]> sign)
    {
        var request = Request(algorithm, leaf, ca);
        var (protectedText, payloadText, input) = JwsEnvelope.BuildSigningInput(request);
        var signature = sign(input);
        return (JwsEnvelope.Assemble(protectedText, payloadText, signature, request), input, signature);
    }

    private (byte[], byte[], byte[]) Cose(NotationAlgorithm algorithm, X509Certificate2 leaf, X509Certificate2 ca, Func<byte[], byte[]> sign)
    {
        var request = Request(algorithm, leaf, ca);
        var protectedHeader = CoseEnvelope.BuildProtectedHeader(request);
        var input = CoseEnvelope.BuildToBeSigned(protectedHeader, request.Payload.Span);
        var signature = sign(input);
        return (CoseEnvelope.Assemble(protectedHeader, request, signature), input, signature);
    }
}
