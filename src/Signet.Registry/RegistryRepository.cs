using System.Net;
using Signet.Core.Digests;
using Signet.Core.Errors;
using Signet.Core.Oci;
using Signet.Registry.Authentication;
using Signet.Registry.Http;

namespace Signet.Registry;

/// <summary>
/// One repository of a remote registry, read and written over the OCI distribution API. Everything fetched by digest
/// is verified against that digest; every call is bounded by the client's deadline.
/// </summary>
public sealed partial class RegistryRepository : IOciRepository
{
    private readonly RegistryClient _client;
    private readonly RegistryTransport _transport;

    internal RegistryRepository(RegistryClient client, string registry, string repository, IRegistryCredentialProvider credentials)
    {
        _client = client;
        _transport = client.Transport;
        Registry = registry;
        Repository = repository;
        Credentials = credentials;
    }

    /// <summary>The registry host as written in references (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
    public string Registry { get; }

    /// <summary>The repository path.</summary>
    public string Repository { get; }

    /// <summary>Where this repository's credentials come from.</summary>
    public IRegistryCredentialProvider Credentials { get; }

    /// <inheritdoc />
    public string DisplayName => $"{Registry}/{Repository}";

    private string PullScope => $"repository:{Repository}:pull";

    private string PushScope => $"repository:{Repository}:pull,push";

    private string ApiPath(string tail) => $"/v2/{Repository}/{tail}";

    /// <summary>Runs one call under the deadline, translating cancellation at the deadline and transport failures.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<RegistryCall, Task<T>> body, CancellationToken cancellationToken)
    {
        using var call = _transport.BeginCall(Registry, Repository, operation, cancellationToken);
        try
        {
            return await body(call).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RegistryException && RegistryTransport.Translate(call, ex) is { } translated)
        {
            throw translated;
        }
    }

    private Task<HttpResponseMessage> SendAsync(RegistryCall call, RegistryRequest request) => _transport.SendAsync(call, request, Credentials);

    private RegistryException Mismatch(RegistryCall call, string what, Digest expected, Digest received, Uri? uri) =>
        new(SignetErrorCode.DigestMismatch, $"{RegistryTransport.Describe(call)}: the {what} sent by the registry does not match its digest: expected {expected}, received content with digest {received}. The registry (or something between it and Signet) is serving wrong content; do not trust this registry until it is fixed.")
        {
            Registry = Registry,
            Repository = Repository,
            Method = call.LastMethod,
            RequestUri = uri,
            ExpectedDigest = expected,
            ReceivedDigest = received,
            CredentialSource = call.CredentialSource,
        };

    private static void ValidateReference(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            if (!Digest.TryParse(reference, out _, out var error))
            {
                throw new ArgumentException($"'{reference}' is neither a tag nor a valid digest: {error}", nameof(reference));
            }

            return;
        }

        if (reference.Length > 128 || reference[0] is '.' or '-' || !reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new ArgumentException($"'{reference}' is not a valid tag: a tag is 1 to 128 characters of [A-Za-z0-9_.-] and must not start with '.' or '-'.", nameof(reference));
        }
    }

    private static bool IsSuccess(HttpResponseMessage response) => response.IsSuccessStatusCode;

    private static bool IsNotFound(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.NotFound;
}
