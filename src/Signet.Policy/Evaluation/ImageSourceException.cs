using Signet.Core.Errors;

namespace Signet.Policy.Evaluation;

/// <summary>
/// The registry could not answer: unreachable, a server error, refused credentials, or the image does not exist.
/// The evaluator fails closed on it (deny in enforce mode), except that an unreachable registry may fall back to a
/// last-known-good verification when the policy opts in.
/// </summary>
public sealed class ImageSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageSourceException()
        : this(SignetErrorCode.RegistryUnreachable, "The registry could not be reached.")
    {
    }

    /// <summary>Creates the exception with a message (code <c>REGISTRY_UNREACHABLE</c>).</summary>
    public ImageSourceException(string message)
        : this(SignetErrorCode.RegistryUnreachable, message)
    {
    }

    /// <summary>Creates the exception with a message and cause (code <c>REGISTRY_UNREACHABLE</c>).</summary>
    public ImageSourceException(string message, Exception innerException)
        : this(SignetErrorCode.RegistryUnreachable, message, innerException)
    {
    }

    /// <summary>Creates the exception with a stable code.</summary>
    /// <param name="code"><c>REGISTRY_UNREACHABLE</c>, <c>REGISTRY_UNAUTHORIZED</c>, <c>MANIFEST_NOT_FOUND</c>…</param>
    /// <param name="message">What failed, naming the registry and image.</param>
    /// <param name="innerException">The cause.</param>
    public ImageSourceException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable reason code.</summary>
    public string Code { get; }

    /// <summary>True when the registry could not be reached at all (the only case last-known-good covers).</summary>
    public bool IsUnreachable => Code == SignetErrorCode.RegistryUnreachable;
}
