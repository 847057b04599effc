using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Signet.Signatures.Notation.Envelopes;

/// <summary>Loads certificates from DER bytes and from PEM or (concatenated) DER files, with bounds.</summary>
internal static class CertificateParsing
{
    /// <summary>The largest certificate accepted (DER bytes).</summary>
    public const int MaxCertificateBytes = 64 * 1024;

    /// <summary>Loads one DER certificate; false with the reason for anything else (trailing data included).</summary>
    public static bool TryLoadDer(ReadOnlySpan<byte> der, [NotNullWhen(true)] out X509Certificate2? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;
        if (der.Length is 0 or > MaxCertificateBytes)
        {
            error = $"the certificate is {der.Length} bytes (allowed 1..{MaxCertificateBytes})";
            return false;
        }

        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            reader.ReadEncodedValue();
            if (reader.HasData)
            {
                error = "trailing bytes after the certificate";
                return false;
            }

            certificate = X509CertificateLoader.LoadCertificate(der);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Reads every certificate of a file: PEM <c>CERTIFICATE</c> blocks, or one or more concatenated DER certificates.
    /// False with the reason when the file holds anything else or no certificate at all.
    /// </summary>
    public static bool TryLoadFile(byte[] content, [NotNullWhen(true)] out List<X509Certificate2>? certificates, [NotNullWhen(false)] out string? error)
    {
        certificates = [];
        if (content.Length > 0 && content[0] == 0x30)
        {
            try
            {
                var reader = new AsnReader(content, AsnEncodingRules.DER);
                while (reader.HasData)
                {
                    var encoded = reader.ReadEncodedValue();
                    if (!TryLoadDer(encoded.Span, out var certificate, out error))
                    {
                        certificates = null;
                        return false;
                    }

                    certificates.Add(certificate);
                }
            }
            catch (AsnContentException ex)
            {
                certificates = null;
                error = $"not a DER certificate: {ex.Message}";
                return false;
            }

            error = null;
            return true;
        }

        var text = Encoding.ASCII.GetString(content).AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label];
            if (!label.SequenceEqual("CERTIFICATE"))
            {
                certificates = null;
                error = $"the PEM block '{label}' is not a CERTIFICATE";
                return false;
            }

            var der = Convert.FromBase64String(text[fields.Base64Data].ToString());
            if (!TryLoadDer(der, out var certificate, out error))
            {
                certificates = null;
                return false;
            }

            certificates.Add(certificate);
            text = text[fields.Location.End..];
        }

        if (certificates.Count == 0)
        {
            certificates = null;
            error = "no PEM or DER certificate found";
            return false;
        }

        error = null;
        return true;
    }
}
