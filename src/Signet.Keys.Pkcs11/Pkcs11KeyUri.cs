using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Net.Pkcs11Interop.Common;
using InteropUri = Net.Pkcs11Interop.Common.Pkcs11Uri;

namespace Signet.Keys.Pkcs11;

/// <summary>
/// A PKCS#11 URI (RFC 7512) naming a key in a token: path attributes <c>token</c>, <c>object</c> (the key name),
/// <c>id</c> (a version), <c>manufacturer</c>, <c>model</c>, <c>serial</c>, and query attributes <c>module-path</c>,
/// <c>pin-source</c>, <c>pin-value</c>. Parsing is Pkcs11Interop's RFC 7512 parser; <see cref="ToString"/> never prints
/// the query (so never the PIN).
/// </summary>
public sealed class Pkcs11KeyUri
{
    /// <summary>The URI scheme, with its colon.</summary>
    public const string Scheme = "pkcs11:";

    private readonly InteropUri _uri;

    private Pkcs11KeyUri(InteropUri uri) => _uri = uri;

    /// <summary>The token label (<c>token=</c>).</summary>
    public string? Token => _uri.Token;

    /// <summary>The object label, CKA_LABEL (<c>object=</c>): the key's name.</summary>
    public string? ObjectLabel => _uri.Object;

    /// <summary>The object id, CKA_ID (<c>id=</c>): selects a key version.</summary>
    public byte[]? Id => _uri.Id;

    /// <summary>The token serial number (<c>serial=</c>).</summary>
    public string? Serial => _uri.Serial;

    /// <summary>The PKCS#11 module to load (<c>module-path=</c>).</summary>
    public string? ModulePath => _uri.ModulePath;

    /// <summary>Where to read the PIN (<c>pin-source=</c>: a file path or <c>file:</c> URI; Signet also accepts <c>env:NAME</c>).</summary>
    public string? PinSource => _uri.PinSource;

    /// <summary>The PIN itself (<c>pin-value=</c>); never printed.</summary>
    public string? PinValue => _uri.PinValue;

    /// <summary>The version id this URI selects (see <see cref="EncodeId"/>), if it has an <c>id</c>.</summary>
    public string? VersionId => Id is null ? null : EncodeId(Id);

    /// <summary>Parses a URI; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Pkcs11KeyUri Parse(string uri) =>
        TryParse(uri, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses a URI; false (with the reason, never the PIN) when it is not a valid PKCS#11 URI for a key.</summary>
    public static bool TryParse(string? uri, [NotNullWhen(true)] out Pkcs11KeyUri? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = "a PKCS#11 URI starts with 'pkcs11:'.";
            return false;
        }

        InteropUri parsed;
        try
        {
            parsed = new InteropUri(uri);
        }
        catch (Pkcs11UriException e)
        {
            // Pkcs11Interop's messages name the attribute and the rule, not the value.
            error = e.Message;
            return false;
        }

        var unknown = parsed.UnknownPathAttributes.Keys.Concat(parsed.UnknownQueryAttributes.Keys).Where(k => !k.StartsWith("x-", StringComparison.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            error = $"unknown attribute(s) {string.Join(", ", unknown)}; known: token, object, id, manufacturer, model, serial, type, module-path, pin-source, pin-value.";
            return false;
        }

        result = new Pkcs11KeyUri(parsed);
        error = null;
        return true;
    }

    /// <summary>The stable key id of a key: <c>pkcs11:token=…;object=…</c> (no id, no module, no PIN).</summary>
    public static string KeyId(string token, string objectLabel) =>
        new Pkcs11UriBuilder(checkLengths: false) { Token = token, Object = objectLabel }.ToString();

    /// <summary>
    /// Signet's version id for a CKA_ID: unreserved ASCII bytes as they are, others as <c>%XX</c>, so the ids Signet
    /// generates read <c>v1</c>, <c>v2</c>… and any id made by another tool still round-trips.
    /// </summary>
    public static string EncodeId(ReadOnlySpan<byte> id)
    {
        var builder = new StringBuilder(id.Length);
        foreach (var b in id)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The URI's path component (token, object, id…), without the query and so without module or PIN.</summary>
    public override string ToString()
    {
        var builder = new Pkcs11UriBuilder(_uri, checkLengths: false)
        {
            PinSource = null,
            PinValue = null,
            ModulePath = null,
            ModuleName = null,
        };
        builder.UnknownQueryAttributes?.Clear();
        return builder.ToString();
    }
}
