namespace Signet.Core.Oci;

/// <summary>
/// Content could not be read or stored as asked: a tag or digest that is not there, bytes that do not hash to their
/// digest, content over its size limit, a corrupt store. <see cref="Code"/> says which, so a verifier can turn it into
/// a denial with a stable reason; the message names the repository and the reference.
/// </summary>
public sealed class OciContentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OciContentException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OciContentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public OciContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a stable reason code and the reference concerned.</summary>
    public OciContentException(string code, string message, string? reference, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Reference = reference;
    }

    /// <summary>
    /// A stable reason code from <see cref="Errors.SignetErrorCode"/>: <c>MANIFEST_NOT_FOUND</c>, <c>BLOB_NOT_FOUND</c>,
    /// <c>DIGEST_MISMATCH</c>, <c>CONTENT_TOO_LARGE</c>, <c>INVALID_MANIFEST</c> or <c>INVALID_LAYOUT</c>;
    /// <c>OCI_CONTENT_ERROR</c> when created without one.
    /// </summary>
    public string Code { get; } = "OCI_CONTENT_ERROR";

    /// <summary>The tag or digest concerned, when there is one.</summary>
    public string? Reference { get; }

    /// <summary>True when the content is absent (as opposed to present but wrong).</summary>
    public bool IsNotFound => Code is Errors.SignetErrorCode.ManifestNotFound or Errors.SignetErrorCode.BlobNotFound;
}
