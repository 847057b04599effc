using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Signatures.Notation.Trust;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>
/// A signing certificate chain with every fact verification needs about it, computed once: the leaf key and the
/// algorithm it dictates, the chain-rule outcome, validity windows, revocation outcome and the leaf subject. Chains
/// are shared by every signature of a signer, so <see cref="SignerChainCache"/> keeps these per distinct chain.
/// </summary>
internal sealed class SignerChain : IDisposable
{
    public SignerChain(IReadOnlyList<X509Certificate2> certificates)
    {
        Certificates = certificates;
        var leaf = certificates[0];
        KeyAlgorithm = NotationAlgorithm.FromCertificate(leaf, out var keyError);
        KeyError = keyError;
        PublicKey = KeyAlgorithm is null ? null : KeyAlgorithm.IsRsa ? leaf.GetRSAPublicKey() : leaf.GetECDsaPublicKey();
        CodeSigningFailure = CertificateChainValidator.ValidateUncached(certificates, CertificateChainValidator.Purpose.CodeSigning);
        Revocation = RevocationChecker.Check(certificates);
        SubjectValid = DistinguishedName.TryFromCertificate(leaf, out var subjectMap, out var subjectError);
        SubjectMap = subjectMap;
        SubjectError = subjectError;
        Subject = DistinguishedName.Format(leaf.SubjectName);
        Thumbprint = Convert.ToHexStringLower(SHA256.HashData(leaf.RawData));
    }

    /// <summary>The certificates, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>The algorithm the leaf key dictates, or null when the key is unsupported.</summary>
    public NotationAlgorithm? KeyAlgorithm { get; }

    /// <summary>Why the leaf key is unsupported.</summary>
    public string? KeyError { get; }

    /// <summary>
    /// The leaf public key. Shared between concurrent verifications: the BCL's OpenSSL-backed RSA and ECDSA keys keep
    /// an immutable key handle and create a new operation context per verification.
    /// </summary>
    public AsymmetricAlgorithm? PublicKey { get; }

    /// <summary>The chain-rule failure, or null when the chain meets the rules.</summary>
    public EnvelopeFailure? CodeSigningFailure { get; }

    /// <summary>The revocation outcome (null: every certificate counts as good).</summary>
    public EnvelopeFailure? Revocation { get; }

    /// <summary>True when the leaf subject can be matched against trusted identities.</summary>
    public bool SubjectValid { get; }

    /// <summary>The leaf subject as an attribute map.</summary>
    public IReadOnlyDictionary<string, string>? SubjectMap { get; }

    /// <summary>Why the leaf subject cannot be matched.</summary>
    public string? SubjectError { get; }

    /// <summary>The leaf subject in RFC 2253 form.</summary>
    public string Subject { get; }

    /// <summary>SHA-256 of the leaf, lower-case hex.</summary>
    public string Thumbprint { get; }

    /// <inheritdoc />
    public void Dispose() => PublicKey?.Dispose();
}

/// <summary>A bounded cache of <see cref="SignerChain"/> by the SHA-256 of the chain's DER bytes.</summary>
internal sealed class SignerChainCache(int capacity = 256)
{
    private readonly ConcurrentDictionary<string, SignerChain> _chains = new(StringComparer.Ordinal);

    /// <summary>Parses (or finds) the chain; null with a failure when a certificate does not parse.</summary>
    public SignerChain? Get(IReadOnlyList<byte[]> certificates, out EnvelopeFailure? failure)
    {
        failure = null;
        string? key = null;
        if (capacity > 0)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var der in certificates)
            {
                hash.AppendData(BitConverter.GetBytes(der.Length));
                hash.AppendData(der);
            }

            key = Convert.ToHexString(hash.GetHashAndReset());
            if (_chains.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var parsed = new List<X509Certificate2>(certificates.Count);
        for (var i = 0; i < certificates.Count; i++)
        {
            if (!CertificateParsing.TryLoadDer(certificates[i], out var certificate, out var error))
            {
                failure = EnvelopeRules.Malformed($"Certificate {i} of the chain is not an X.509 certificate: {error}");
                return null;
            }

            parsed.Add(certificate);
        }

        var chain = new SignerChain(parsed);
        if (key is not null)
        {
            if (_chains.Count >= capacity)
            {
                // Evicted chains may still be in use by a verification in flight, so they are left to the GC.
                _chains.Clear();
            }

            chain = _chains.GetOrAdd(key, chain);
        }

        return chain;
    }
}
