using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Core.Errors;
using Signet.Core.Oci;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>
/// The Notary Project JWS envelope: flattened JSON serialization with exactly <c>payload</c>, <c>protected</c>,
/// <c>header</c> and <c>signature</c>; base64url without padding, <c>x5c</c> in standard base64.
/// </summary>
/// <remarks>
/// https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-jws.md;
/// notation-core-go <c>signature/jws</c>.
/// </remarks>
internal static class JwsEnvelope
{
    /// <summary>The envelope media type.</summary>
    public const string MediaType = MediaTypes.JoseJson;

    /// <summary>Parses and checks an envelope; returns null with a failure for anything malformed. Never throws for bad data.</summary>
    public static EnvelopeContent? TryParse(ReadOnlyMemory<byte> envelope, int maxCertificates, out EnvelopeFailure? failure, SignerChainCache? cache = null)
    {
        failure = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(envelope, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            failure = EnvelopeRules.Malformed($"The JWS envelope is not valid JSON: {ex.Message}");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                failure = EnvelopeRules.Malformed("The JWS envelope is not a JSON object.");
                return null;
            }

            if (!TryGetUniqueMembers(root, out var members, out failure))
            {
                return null;
            }

            if (!members.TryGetValue("payload", out var payloadElement) || payloadElement.ValueKind != JsonValueKind.String
                || !members.TryGetValue("protected", out var protectedElement) || protectedElement.ValueKind != JsonValueKind.String
                || !members.TryGetValue("signature", out var signatureElement) || signatureElement.ValueKind != JsonValueKind.String)
            {
                failure = EnvelopeRules.Malformed("The JWS envelope must have string members 'payload', 'protected' and 'signature' (flattened JSON serialization).");
                return null;
            }

            if (!members.TryGetValue("header", out var headerElement) || headerElement.ValueKind != JsonValueKind.Object)
            {
                failure = EnvelopeRules.Malformed("The JWS envelope has no unprotected 'header' object (it carries the x5c certificate chain).");
                return null;
            }

            var payloadText = payloadElement.GetString()!;
            var protectedText = protectedElement.GetString()!;
            if (!TryDecodeBase64Url(payloadText, "payload", out var payload, out failure)
                || !TryDecodeBase64Url(protectedText, "protected", out var protectedBytes, out failure)
                || !TryDecodeBase64Url(signatureElement.GetString()!, "signature", out var signature, out failure))
            {
                return null;
            }

            var unprotected = ParseUnprotected(headerElement, maxCertificates, cache ?? new SignerChainCache(0), out failure);
            if (unprotected is null)
            {
                return null;
            }

            var content = ParseProtected(protectedBytes, out failure);
            if (content is null)
            {
                return null;
            }

            return new EnvelopeContent
            {
                Format = SignatureFormat.NotationJws,
                Algorithm = content.Algorithm,
                Payload = payload,
                PayloadContentType = content.ContentType,
                SigningScheme = content.Scheme,
                SigningTime = content.SigningTime,
                Expiry = content.Expiry,
                ExtendedAttributes = content.Extended,
                Chain = unprotected.Value.Chain,
                Signature = signature,
                SigningInput = Encoding.ASCII.GetBytes(protectedText + "." + payloadText),
                SigningAgent = unprotected.Value.SigningAgent,
                TimestampToken = unprotected.Value.Timestamp is { } token ? new ReadOnlyMemory<byte>(token) : (ReadOnlyMemory<byte>?)null,
            };
        }
    }

    /// <summary>
    /// The protected header JSON notation-go writes: sorted keys, times in RFC 3339 UTC seconds, crit ordered
    /// signingScheme, critical extended attributes (request order), authenticSigningTime, expiry.
    /// </summary>
    public static byte[] BuildProtectedHeader(EnvelopeSignRequest request)
    {
        var members = new List<KeyValuePair<string, string>>
        {
            new(NotationConstants.HeaderAlgorithm, GoJson.Quote(request.Algorithm.Name)),
            new(NotationConstants.HeaderContentType, GoJson.Quote(request.PayloadContentType)),
            new(NotationConstants.HeaderSigningScheme, GoJson.Quote(request.SigningScheme)),
        };
        var critical = new List<string> { NotationConstants.HeaderSigningScheme };
        var signingTime = FormatTime(request.SigningTime);
        if (request.SigningScheme == NotationConstants.SchemeX509SigningAuthority)
        {
            members.Add(new(NotationConstants.HeaderAuthenticSigningTime, GoJson.Quote(signingTime)));
        }
        else
        {
            members.Add(new(NotationConstants.HeaderSigningTime, GoJson.Quote(signingTime)));
        }

        foreach (var attribute in request.ExtendedAttributes)
        {
            if (members.Any(m => m.Key == attribute.Key))
            {
                throw new ArgumentException($"The extended attribute '{attribute.Key}' conflicts with a header of the specification.", nameof(request));
            }

            members.Add(new(attribute.Key, GoJson.Quote(attribute.Value)));
            if (attribute.Critical)
            {
                critical.Add(attribute.Key);
            }
        }

        if (request.SigningScheme == NotationConstants.SchemeX509SigningAuthority)
        {
            critical.Add(NotationConstants.HeaderAuthenticSigningTime);
        }

        if (request.Expiry is { } expiry)
        {
            members.Add(new(NotationConstants.HeaderExpiry, GoJson.Quote(FormatTime(expiry))));
            critical.Add(NotationConstants.HeaderExpiry);
        }

        members.Add(new(NotationConstants.HeaderCritical, GoJson.QuoteArray(critical)));
        var builder = new StringBuilder(512);
        GoJson.WriteObject(builder, members);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The ASCII signing input <c>base64url(protected) "." base64url(payload)</c> for a request.</summary>
    public static (string Protected, string Payload, byte[] SigningInput) BuildSigningInput(EnvelopeSignRequest request)
    {
        var protectedText = Base64Url.EncodeToString(BuildProtectedHeader(request));
        // notation-core-go re-marshals the payload through a Go map: sorted keys.
        var payloadText = Base64Url.EncodeToString(GoJson.Canonicalize(request.Payload));
        return (protectedText, payloadText, Encoding.ASCII.GetBytes(protectedText + "." + payloadText));
    }

    /// <summary>Assembles the envelope JSON from the signing input parts and the signature.</summary>
    public static byte[] Assemble(string protectedText, string payloadText, ReadOnlySpan<byte> signature, EnvelopeSignRequest request, ReadOnlySpan<byte> timestampToken = default)
    {
        var header = new List<KeyValuePair<string, string>>();
        if (request.CertificateChain.Count > 0)
        {
            header.Add(new(NotationConstants.HeaderX5c, GoJson.QuoteArray(request.CertificateChain.Select(c => Convert.ToBase64String(c.Span)))));
        }

        if (request.SigningAgent is { } agent)
        {
            header.Add(new(NotationConstants.HeaderSigningAgent, GoJson.Quote(agent)));
        }

        if (!timestampToken.IsEmpty)
        {
            header.Add(new(NotationConstants.HeaderTimestampSignature, GoJson.Quote(Convert.ToBase64String(timestampToken))));
        }

        var headerBuilder = new StringBuilder();
        GoJson.WriteObject(headerBuilder, header);
        var envelope = new StringBuilder(protectedText.Length + payloadText.Length + 4096);
        GoJson.WriteObject(envelope,
        [
            new("payload", GoJson.Quote(payloadText)),
            new("protected", GoJson.Quote(protectedText)),
            new("header", headerBuilder.ToString()),
            new("signature", GoJson.Quote(Base64Url.EncodeToString(signature))),
        ]);
        return Encoding.UTF8.GetBytes(envelope.ToString());
    }

    /// <summary>RFC 3339 with whole seconds in UTC, as a Go <c>time.Time</c> on a UTC machine prints it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record ProtectedContent(NotationAlgorithm Algorithm, string ContentType, string Scheme, DateTimeOffset SigningTime, DateTimeOffset? Expiry, IReadOnlyList<ExtendedAttribute> Extended);

    private static ProtectedContent? ParseProtected(byte[] protectedBytes, out EnvelopeFailure? failure)
    {
        failure = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(protectedBytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            failure = EnvelopeRules.Malformed($"The JWS protected header is not valid JSON: {ex.Message}");
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                failure = EnvelopeRules.Malformed("The JWS protected header is not a JSON object.");
                return null;
            }

            if (!TryGetUniqueMembers(document.RootElement, out var header, out failure))
            {
                return null;
            }

            if (header.Count > EnvelopeRules.MaxHeaderEntries)
            {
                failure = EnvelopeRules.Malformed($"The JWS protected header has {header.Count} entries; the limit is {EnvelopeRules.MaxHeaderEntries}.");
                return null;
            }

            if (!header.TryGetValue(NotationConstants.HeaderAlgorithm, out var algElement) || algElement.ValueKind != JsonValueKind.String)
            {
                failure = EnvelopeRules.Malformed("The JWS protected header has no 'alg' string.");
                return null;
            }

            var algorithm = NotationAlgorithm.FromName(algElement.GetString());
            if (algorithm is null)
            {
                failure = new EnvelopeFailure(SignetErrorCode.UnsupportedAlgorithm, $"The JWS algorithm '{algElement.GetString()}' is not supported; supported: {string.Join(", ", NotationAlgorithm.All)}.");
                return null;
            }

            if (!header.TryGetValue(NotationConstants.HeaderContentType, out var ctyElement) || ctyElement.ValueKind != JsonValueKind.String)
            {
                failure = EnvelopeRules.Malformed("The JWS protected header has no 'cty' string.");
                return null;
            }

            string? scheme = null;
            if (header.TryGetValue(NotationConstants.HeaderSigningScheme, out var schemeElement))
            {
                if (schemeElement.ValueKind != JsonValueKind.String)
                {
                    failure = EnvelopeRules.Malformed($"The header '{NotationConstants.HeaderSigningScheme}' is not a string.");
                    return null;
                }

                scheme = schemeElement.GetString();
            }

            if (!TryReadTime(header, NotationConstants.HeaderSigningTime, out var signingTime, out failure)
                || !TryReadTime(header, NotationConstants.HeaderAuthenticSigningTime, out var authenticTime, out failure)
                || !TryReadTime(header, NotationConstants.HeaderExpiry, out var expiry, out failure))
            {
                return null;
            }

            var critical = new List<string>();
            if (header.TryGetValue(NotationConstants.HeaderCritical, out var critElement))
            {
                if (critElement.ValueKind != JsonValueKind.Array || critElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                {
                    failure = EnvelopeRules.Malformed("The header 'crit' is not an array of strings.");
                    return null;
                }

                critical.AddRange(critElement.EnumerateArray().Select(e => e.GetString()!));
            }

            failure = EnvelopeRules.Validate(scheme, signingTime, authenticTime, expiry, critical, header.ContainsKey, strictCritPresence: true);
            if (failure is not null)
            {
                return null;
            }

            var extended = header
                .Where(h => !EnvelopeRules.SystemHeaders.Contains(h.Key))
                .Select(h => new ExtendedAttribute(h.Key, critical.Contains(h.Key), h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()! : h.Value.GetRawText()))
                .ToList();
            return new ProtectedContent(algorithm, ctyElement.GetString()!, scheme!, (signingTime ?? authenticTime)!.Value, expiry, extended);
        }
    }

    private static (SignerChain Chain, string? SigningAgent, byte[]? Timestamp)? ParseUnprotected(JsonElement header, int maxCertificates, SignerChainCache cache, out EnvelopeFailure? failure)
    {
        failure = null;
        if (!TryGetUniqueMembers(header, out var members, out failure))
        {
            return null;
        }

        if (members.Count > EnvelopeRules.MaxHeaderEntries)
        {
            failure = EnvelopeRules.Malformed($"The JWS unprotected header has {members.Count} entries; the limit is {EnvelopeRules.MaxHeaderEntries}.");
            return null;
        }

        if (!members.TryGetValue(NotationConstants.HeaderX5c, out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
        {
            failure = EnvelopeRules.Malformed("The JWS unprotected header has no 'x5c' certificate chain.");
            return null;
        }

        if (x5c.GetArrayLength() > maxCertificates)
        {
            failure = new EnvelopeFailure(SignetErrorCode.CertificateChainInvalid, $"The certificate chain has {x5c.GetArrayLength()} certificates; the limit is {maxCertificates}.");
            return null;
        }

        var certificates = new List<byte[]>();
        var index = 0;
        foreach (var entry in x5c.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String || !entry.TryGetBytesFromBase64(out var der))
            {
                failure = EnvelopeRules.Malformed($"x5c[{index}] is not a standard base64 string.");
                return null;
            }

            certificates.Add(der);
            index++;
        }

        var chain = cache.Get(certificates, out failure);
        if (chain is null)
        {
            return null;
        }

        // Go matches JSON keys case-insensitively; older notation wrote "io.cncf.notary.SigningAgent".
        string? agent = null;
        byte[]? timestamp = null;
        foreach (var (name, value) in members)
        {
            if (string.Equals(name, NotationConstants.HeaderSigningAgent, StringComparison.OrdinalIgnoreCase) && value.ValueKind == JsonValueKind.String)
            {
                agent = value.GetString();
            }
            else if (string.Equals(name, NotationConstants.HeaderTimestampSignature, StringComparison.OrdinalIgnoreCase)
                && value.ValueKind != JsonValueKind.Null && !(value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
            {
                // Go decodes null and "" into an empty []byte, which notation treats as "no timestamp".
                if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out timestamp))
                {
                    // An unparseable token is reported by the timestamp check (a logged or enforced authenticTimestamp failure).
                    timestamp = value.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(value.GetString()!) : [];
                }
            }
        }

        return (chain, agent, timestamp);
    }

    private static bool TryReadTime(Dictionary<string, JsonElement> header, string name, out DateTimeOffset? value, out EnvelopeFailure? failure)
    {
        value = null;
        failure = null;
        if (!header.TryGetValue(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String || !EnvelopeRules.TryParseRfc3339(element.GetString(), out var time))
        {
            failure = EnvelopeRules.Malformed($"The header '{name}' is not an RFC 3339 date-time string.");
            return false;
        }

        value = time;
        return true;
    }

    private static bool TryDecodeBase64Url(string text, string member, out byte[] bytes, out EnvelopeFailure? failure)
    {
        failure = null;
        bytes = [];
        // Raw base64url only: notation rejects padding ("illegal base64 data") and characters of standard base64.
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                failure = EnvelopeRules.Malformed($"The JWS '{member}' is not unpadded base64url: illegal character '{c}' at offset {i}.");
                return false;
            }
        }

        if (text.Length % 4 == 1)
        {
            failure = EnvelopeRules.Malformed($"The JWS '{member}' is not valid base64url (length {text.Length}).");
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException ex)
        {
            failure = EnvelopeRules.Malformed($"The JWS '{member}' is not valid base64url: {ex.Message}");
            return false;
        }
    }

    private static bool TryGetUniqueMembers(JsonElement element, out Dictionary<string, JsonElement> members, out EnvelopeFailure? failure)
    {
        failure = null;
        members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!members.TryAdd(property.Name, property.Value))
            {
                failure = EnvelopeRules.Malformed($"The JSON member '{property.Name}' appears more than once.");
                return false;
            }

            if (members.Count > 4 * EnvelopeRules.MaxHeaderEntries)
            {
                failure = EnvelopeRules.Malformed("The JSON object has too many members.");
                return false;
            }
        }

        return true;
    }

    /// <summary>Verifies the JWS signature over the signing input with the leaf certificate's key.</summary>
    public static bool VerifySignature(EnvelopeContent content) =>
        content.SigningInput is { } input && content.Chain.PublicKey is { } key && content.Algorithm.Verify(key, input.Span, content.Signature.Span);

    /// <summary>SHA-256 of a DER certificate, lower-case hex (the thumbprint annotation's values).</summary>
    public static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
