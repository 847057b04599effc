using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Errors;
using Signet.Signatures.Notation.Envelopes;

namespace Signet.Signatures.Notation.Trust;

/// <summary>
/// The revocation check, offline. Certificates that name no OCSP responder and no CRL distribution point count as
/// good (as in notation-go). For certificates that do, Signet does not fetch OCSP or CRLs (the verifier runs without
/// outbound network), so their status is "unknown" — the spec's outcome when revocation cannot be determined — and
/// the policy's revocation action decides: enforce fails, log warns, skip ignores. See docs/design/notation.md.
/// </summary>
internal static class RevocationChecker
{
    private const string CrlDistributionPoints = "2.5.29.31";
    private const string AuthorityInformationAccess = "1.3.6.1.5.5.7.1.1";
    private const string Ocsp = "1.3.6.1.5.5.7.48.1";

    /// <summary>Null when every certificate counts as good; otherwise a "revocation unknown" failure.</summary>
    public static EnvelopeFailure? Check(IReadOnlyList<X509Certificate2> chain)
    {
        foreach (var certificate in chain)
        {
            if (HasRevocationUrls(certificate))
            {
                return new EnvelopeFailure(
                    SignetErrorCode.RevocationUnknown,
                    $"The revocation status of the certificate '{certificate.Subject}' is unknown: it names an OCSP responder or CRL, which Signet does not contact. Set the policy's revocation override to \"log\" or \"skip\" to accept it.");
            }
        }

        return null;
    }

    private static bool HasRevocationUrls(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == CrlDistributionPoints)
            {
                return true;
            }

            if (extension.Oid?.Value == AuthorityInformationAccess && NamesOcsp(extension.RawData))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesOcsp(byte[] raw)
    {
        try
        {
            // AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod OID, accessLocation GeneralName }
            var sequence = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var description = sequence.ReadSequence();
                if (description.ReadObjectIdentifier() == Ocsp)
                {
                    return true;
                }
            }

            return false;
        }
        catch (AsnContentException)
        {
            // An unreadable AIA cannot be trusted to name no responder.
            return true;
        }
    }
}
