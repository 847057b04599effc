using System.Formats.Cbor;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using Signet.Core.Errors;
using Signet.Core.Oci;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>
/// The Notary Project COSE envelope: <c>COSE_Sign1_Tagged</c> (tag 18) with an attached payload, times as tag 1
/// epoch seconds, the certificate chain as an array of bstr under label 33 (<c>x5chain</c>) in the unprotected map.
/// </summary>
/// <remarks>
/// https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md; notation-core-go
/// <c>signature/cose/envelope.go</c>. Decoding and signature verification use the BCL's COSE implementation;
/// signing builds the structure with <see cref="CborWriter"/> because the private key stays in the key vault.
/// </remarks>
internal static class CoseEnvelope
{
    /// <summary>The envelope media type.</summary>
    public const string MediaType = MediaTypes.Cose;

    private const byte Sign1Tag = 0xD2;

    /// <summary>Parses and checks an envelope; returns null with a failure for anything malformed. Never throws for bad data.</summary>
    public static EnvelopeContent? TryParse(ReadOnlyMemory<byte> envelope, int maxCertificates, out EnvelopeFailure? failure, SignerChainCache? cache = null)
    {
        failure = null;
        if (envelope.Length < 2 || envelope.Span[0] != Sign1Tag)
        {
            failure = EnvelopeRules.Malformed("The COSE envelope is not a COSE_Sign1_Tagged object (CBOR tag 18).");
            return null;
        }

        CoseSign1Message message;
        try
        {
            message = CoseMessage.DecodeSign1(envelope.Span);
        }
        catch (CryptographicException ex)
        {
            failure = EnvelopeRules.Malformed($"The COSE envelope does not decode: {ex.Message}");
            return null;
        }

        if (message.Content is not { } payload)
        {
            failure = EnvelopeRules.Malformed("The COSE envelope has a detached payload; Notary Project signatures embed it.");
            return null;
        }

        if (message.UnprotectedHeaders.Count > EnvelopeRules.MaxHeaderEntries)
        {
            failure = EnvelopeRules.Malformed($"The COSE unprotected header has {message.UnprotectedHeaders.Count} entries; the limit is {EnvelopeRules.MaxHeaderEntries}.");
            return null;
        }

        var protectedContent = ParseProtected(message.RawProtectedHeaders, out failure);
        if (protectedContent is null)
        {
            return null;
        }

        var certificates = ReadChain(message.UnprotectedHeaders, maxCertificates, out failure);
        var chain = certificates is null ? null : (cache ?? new SignerChainCache(0)).Get(certificates, out failure);
        if (chain is null)
        {
            return null;
        }

        string? agent = null;
        if (message.UnprotectedHeaders.TryGetValue(new CoseHeaderLabel(NotationConstants.HeaderSigningAgent), out var agentValue))
        {
            agent = TryRead(() => agentValue.GetValueAsString());
        }

        ReadOnlyMemory<byte>? timestamp = null;
        if (message.UnprotectedHeaders.TryGetValue(new CoseHeaderLabel(NotationConstants.HeaderTimestampSignature), out var timestampValue))
        {
            // An unreadable value is kept raw and reported by the timestamp check.
            timestamp = TryRead(() => timestampValue.GetValueAsBytes()) ?? timestampValue.EncodedValue.ToArray();
        }

        return new EnvelopeContent
        {
            Format = SignatureFormat.NotationCose,
            Algorithm = protectedContent.Algorithm,
            Payload = payload,
            PayloadContentType = protectedContent.ContentType,
            SigningScheme = protectedContent.Scheme,
            SigningTime = protectedContent.SigningTime,
            Expiry = protectedContent.Expiry,
            ExtendedAttributes = protectedContent.Extended,
            Chain = chain,
            Signature = message.Signature,
            CoseMessage = message,
            SigningAgent = agent,
            TimestampToken = timestamp,
        };
    }

    /// <summary>The deterministic CBOR protected header map notation-core-go writes.</summary>
    public static byte[] BuildProtectedHeader(EnvelopeSignRequest request)
    {
        var critical = new List<string> { NotationConstants.HeaderSigningScheme };
        var writer = new CborWriter(CborConformanceMode.Canonical);
        var authority = request.SigningScheme == NotationConstants.SchemeX509SigningAuthority;
        if (request.Expiry is not null)
        {
            critical.Add(NotationConstants.HeaderExpiry);
        }

        if (authority)
        {
            critical.Add(NotationConstants.HeaderAuthenticSigningTime);
        }

        critical.AddRange(request.ExtendedAttributes.Where(a => a.Critical).Select(a => a.Key));

        // Canonical mode sorts the keys when the map ends (RFC 8949 §4.2: ints first, then shorter text keys).
        writer.WriteStartMap(5 + (request.Expiry is null ? 0 : 1) + request.ExtendedAttributes.Count);
        writer.WriteInt32(1);
        writer.WriteInt32(request.Algorithm.CoseLabel);
        writer.WriteInt32(2);
        writer.WriteStartArray(critical.Count);
        foreach (var name in critical)
        {
            writer.WriteTextString(name);
        }

        writer.WriteEndArray();
        writer.WriteInt32(3);
        writer.WriteTextString(request.PayloadContentType);
        writer.WriteTextString(NotationConstants.HeaderSigningScheme);
        writer.WriteTextString(request.SigningScheme);
        writer.WriteTextString(authority ? NotationConstants.HeaderAuthenticSigningTime : NotationConstants.HeaderSigningTime);
        WriteTime(writer, request.SigningTime);
        if (request.Expiry is { } expiry)
        {
            writer.WriteTextString(NotationConstants.HeaderExpiry);
            WriteTime(writer, expiry);
        }

        foreach (var attribute in request.ExtendedAttributes)
        {
            if (EnvelopeRules.SystemHeaders.Contains(attribute.Key))
            {
                throw new ArgumentException($"The extended attribute '{attribute.Key}' conflicts with a header of the specification.", nameof(request));
            }

            writer.WriteTextString(attribute.Key);
            writer.WriteTextString(attribute.Value);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>The COSE <c>Sig_structure</c> for a Sign1 message without external data: what the key signs.</summary>
    public static byte[] BuildToBeSigned(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Assembles <c>COSE_Sign1_Tagged</c> from its parts.</summary>
    public static byte[] Assemble(ReadOnlySpan<byte> protectedHeader, EnvelopeSignRequest request, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> timestampToken = default)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap((request.CertificateChain.Count > 0 ? 1 : 0) + (request.SigningAgent is null ? 0 : 1) + (timestampToken.IsEmpty ? 0 : 1));
        if (request.CertificateChain.Count > 0)
        {
            // notation's reader requires an array, even for one certificate.
            writer.WriteInt32(NotationConstants.CoseLabelX5Chain);
            writer.WriteStartArray(request.CertificateChain.Count);
            foreach (var certificate in request.CertificateChain)
            {
                writer.WriteByteString(certificate.Span);
            }

            writer.WriteEndArray();
        }

        if (request.SigningAgent is { } agent)
        {
            writer.WriteTextString(NotationConstants.HeaderSigningAgent);
            writer.WriteTextString(agent);
        }

        if (!timestampToken.IsEmpty)
        {
            writer.WriteTextString(NotationConstants.HeaderTimestampSignature);
            writer.WriteByteString(timestampToken);
        }

        writer.WriteEndMap();
        writer.WriteByteString(request.Payload.Span);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Verifies the COSE signature with the leaf certificate's key through the BCL's COSE implementation.</summary>
    public static bool VerifySignature(EnvelopeContent content)
    {
        if (content.CoseMessage is not { } message)
        {
            return false;
        }

        try
        {
            return content.Chain.PublicKey is { } key && message.VerifyEmbedded(key);
        }
        catch (CryptographicException)
        {
            // The BCL throws when the key does not fit the algorithm: that is a failed verification.
            return false;
        }
    }

    private sealed record ProtectedContent(NotationAlgorithm Algorithm, string ContentType, string Scheme, DateTimeOffset SigningTime, DateTimeOffset? Expiry, IReadOnlyList<ExtendedAttribute> Extended);

    private static ProtectedContent? ParseProtected(ReadOnlyMemory<byte> raw, out EnvelopeFailure? failure)
    {
        failure = null;
        try
        {
            var reader = new CborReader(raw, CborConformanceMode.Strict);
            var count = reader.ReadStartMap();
            if (count is null or > EnvelopeRules.MaxHeaderEntries)
            {
                failure = EnvelopeRules.Malformed($"The COSE protected header must be a definite-length map of at most {EnvelopeRules.MaxHeaderEntries} entries.");
                return null;
            }

            var ints = new Dictionary<long, ReadOnlyMemory<byte>>();
            var texts = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                switch (reader.PeekState())
                {
                    case CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger:
                        ints[reader.ReadInt64()] = reader.ReadEncodedValue();
                        break;
                    case CborReaderState.TextString:
                        texts[reader.ReadTextString()] = reader.ReadEncodedValue();
                        break;
                    default:
                        failure = EnvelopeRules.Malformed("A COSE protected header label is neither an integer nor a text string.");
                        return null;
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                failure = EnvelopeRules.Malformed("The COSE protected header has trailing bytes.");
                return null;
            }

            if (!ints.TryGetValue(1, out var algValue) || !TryReadInt(algValue, out var algLabel))
            {
                failure = EnvelopeRules.Malformed("The COSE protected header has no integer algorithm (label 1).");
                return null;
            }

            var algorithm = NotationAlgorithm.FromCoseLabel(algLabel);
            if (algorithm is null)
            {
                failure = new EnvelopeFailure(SignetErrorCode.UnsupportedAlgorithm, $"The COSE algorithm {algLabel} is not supported; supported: {string.Join(", ", NotationAlgorithm.All.Select(a => $"{a.Name} ({a.CoseLabel})"))}.");
                return null;
            }

            if (!ints.TryGetValue(3, out var ctyValue) || TryReadText(ctyValue) is not { } contentType)
            {
                failure = EnvelopeRules.Malformed("The COSE protected header has no text content type (label 3).");
                return null;
            }

            var critical = new List<string>();
            if (ints.TryGetValue(2, out var critValue))
            {
                var critReader = new CborReader(critValue, CborConformanceMode.Lax);
                var length = critReader.ReadStartArray();
                if (length is null or > EnvelopeRules.MaxHeaderEntries)
                {
                    failure = EnvelopeRules.Malformed("The COSE 'crit' header is not a definite-length array.");
                    return null;
                }

                for (var i = 0; i < length; i++)
                {
                    critical.Add(critReader.PeekState() == CborReaderState.TextString
                        ? critReader.ReadTextString()
                        : critReader.ReadInt64().ToString(CultureInfo.InvariantCulture));
                }
            }

            string? scheme = null;
            if (texts.TryGetValue(NotationConstants.HeaderSigningScheme, out var schemeValue))
            {
                scheme = TryReadText(schemeValue);
                if (scheme is null)
                {
                    failure = EnvelopeRules.Malformed("The COSE signing scheme header is not a text string.");
                    return null;
                }
            }

            if (!TryReadTime(texts, NotationConstants.HeaderSigningTime, out var signingTime, out failure)
                || !TryReadTime(texts, NotationConstants.HeaderAuthenticSigningTime, out var authenticTime, out failure)
                || !TryReadTime(texts, NotationConstants.HeaderExpiry, out var expiry, out failure))
            {
                return null;
            }

            bool Present(string name) => texts.ContainsKey(name) || (long.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label) && ints.ContainsKey(label));
            failure = EnvelopeRules.Validate(scheme, signingTime, authenticTime, expiry, critical, Present, strictCritPresence: false);
            if (failure is not null)
            {
                return null;
            }

            var extended = texts
                .Where(t => !EnvelopeRules.SystemHeaders.Contains(t.Key))
                .Select(t => new ExtendedAttribute(t.Key, critical.Contains(t.Key), TryReadText(t.Value) ?? Convert.ToHexString(t.Value.Span)))
                .Concat(ints.Where(i => i.Key is not (1 or 2 or 3)).Select(i =>
                {
                    var key = i.Key.ToString(CultureInfo.InvariantCulture);
                    return new ExtendedAttribute(key, critical.Contains(key), Convert.ToHexString(i.Value.Span));
                }))
                .ToList();
            return new ProtectedContent(algorithm, contentType, scheme!, (signingTime ?? authenticTime)!.Value, expiry, extended);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException or FormatException)
        {
            failure = EnvelopeRules.Malformed($"The COSE protected header is malformed: {ex.Message}");
            return null;
        }
    }

    private static List<byte[]>? ReadChain(CoseHeaderMap unprotected, int maxCertificates, out EnvelopeFailure? failure)
    {
        failure = null;
        if (!unprotected.TryGetValue(new CoseHeaderLabel(NotationConstants.CoseLabelX5Chain), out var chainValue))
        {
            failure = EnvelopeRules.Malformed("The COSE unprotected header has no x5chain (label 33).");
            return null;
        }

        try
        {
            var reader = new CborReader(chainValue.EncodedValue, CborConformanceMode.Lax);
            if (reader.PeekState() != CborReaderState.StartArray)
            {
                failure = EnvelopeRules.Malformed("The COSE x5chain (label 33) must be an array of certificates.");
                return null;
            }

            var count = reader.ReadStartArray();
            if (count is null or 0)
            {
                failure = EnvelopeRules.Malformed("The COSE x5chain (label 33) is empty or of indefinite length.");
                return null;
            }

            if (count > maxCertificates)
            {
                failure = new EnvelopeFailure(SignetErrorCode.CertificateChainInvalid, $"The certificate chain has {count} certificates; the limit is {maxCertificates}.");
                return null;
            }

            var certificates = new List<byte[]>();
            for (var i = 0; i < count; i++)
            {
                certificates.Add(reader.ReadByteString());
            }

            return certificates;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException)
        {
            failure = EnvelopeRules.Malformed($"The COSE x5chain is malformed: {ex.Message}");
            return null;
        }
    }

    private static bool TryReadTime(Dictionary<string, ReadOnlyMemory<byte>> texts, string name, out DateTimeOffset? value, out EnvelopeFailure? failure)
    {
        value = null;
        failure = null;
        if (!texts.TryGetValue(name, out var encoded))
        {
            return true;
        }

        var reader = new CborReader(encoded, CborConformanceMode.Lax);
        if (reader.PeekState() != CborReaderState.Tag || reader.ReadTag() != CborTag.UnixTimeSeconds)
        {
            failure = EnvelopeRules.Malformed($"The header '{name}' must be a tag 1 (epoch) date-time.");
            return false;
        }

        double seconds = reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger ? reader.ReadInt64() : reader.ReadDouble();
        if (double.IsNaN(seconds) || seconds < -62135596800 || seconds > 253402300799)
        {
            failure = EnvelopeRules.Malformed($"The header '{name}' holds an out-of-range time.");
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        return true;
    }

    private static bool TryReadInt(ReadOnlyMemory<byte> encoded, out long value)
    {
        var reader = new CborReader(encoded, CborConformanceMode.Lax);
        value = 0;
        if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
        {
            return false;
        }

        value = reader.ReadInt64();
        return true;
    }

    private static string? TryReadText(ReadOnlyMemory<byte> encoded)
    {
        var reader = new CborReader(encoded, CborConformanceMode.Lax);
        return reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
    }

    private static T? TryRead<T>(Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void WriteTime(CborWriter writer, DateTimeOffset time)
    {
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteInt64(time.ToUnixTimeSeconds());
    }
}
