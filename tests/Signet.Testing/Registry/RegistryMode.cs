namespace Signet.Testing.Registry;

/// <summary>How a <see cref="RegistryFixture"/> registry is reached and authenticated.</summary>
public enum RegistryMode
{
    /// <summary>Plain HTTP on 127.0.0.1, no authentication.</summary>
    PlainHttp,

    /// <summary>TLS with a test-made certificate and htpasswd (bcrypt) Basic authentication.</summary>
    TlsBasicAuth,

    /// <summary>Plain HTTP with the distribution token flow; the test hosts the token issuer.</summary>
    TokenAuth,
}
