using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Signet.Core.Errors;
using Signet.Registry.Authentication;

namespace Signet.Registry.Http;

/// <summary>
/// Sends registry requests: picks the scheme, answers Basic and Bearer challenges (tokens cached per scope), and
/// turns transport failures into <see cref="RegistryException"/>s that say what to do.
/// </summary>
internal sealed partial class RegistryTransport(
    IHttpClientFactory httpClientFactory,
    RegistryClientOptions options,
    TlsPeerTracker tlsPeers,
    TimeProvider timeProvider,
    ILogger logger,
    Counter<long>? requestCounter = null)
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxTokenBodyBytes = 1024 * 1024;
    private readonly ConditionalWeakTable<IRegistryCredentialProvider, AuthCache> _authCaches = [];
    private readonly ConcurrentDictionary<string, string> _schemes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The options in force.</summary>
    public RegistryClientOptions Options => options;

    // signet_registry_requests{status}: every HTTP exchange with a registry or its token service, by status code, or
    // "error" when no response came (refused, TLS failure, deadline).
    private async Task<HttpResponseMessage> SendCountedAsync(HttpClient client, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (requestCounter is not null)
        {
            requestCounter.Add(1, new KeyValuePair<string, object?>("status", "error"));
            throw;
        }

        requestCounter?.Add(1, new KeyValuePair<string, object?>("status", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
        return response;
    }

    /// <summary>Starts a call bounded by the configured deadline.</summary>
    public RegistryCall BeginCall(string registry, string repository, string operation, CancellationToken cancellationToken) =>
        new(registry, repository, operation, options.Deadline, timeProvider, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/>, answering one authentication challenge. Returns any status except 401/403, which
    /// throw <see cref="SignetErrorCode.RegistryUnauthorized"/> naming the credential source.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(RegistryCall call, RegistryRequest request, IRegistryCredentialProvider credentials)
    {
        var cache = _authCaches.GetValue(credentials, _ => new AuthCache(timeProvider));
        var authorization = cache.GetAuthorization(call.Registry, request.Scope);
        if (authorization is null && cache.GetChallenge(call.Registry) is { } known)
        {
            // The registry is known to want a token: get one for this scope before the request, saving a 401.
            var credential = await credentials.GetCredentialAsync(call.Registry, call.Token).ConfigureAwait(false);
            call.CredentialSource = credential?.Source ?? "anonymous";
            authorization = await FetchTokenAsync(call, known, request.Scope, credential, cache).ConfigureAwait(false);
        }

        var response = await SendRawAsync(call, request, authorization).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var challenge = AuthChallenge.From(response.Headers.WwwAuthenticate);
            if (challenge is null)
            {
                throw await ErrorAsync(call, response, SignetErrorCode.RegistryUnauthorized, "answered 401 without a Basic or Bearer WWW-Authenticate challenge Signet can answer").ConfigureAwait(false);
            }

            response.Dispose();
            if (authorization is not null)
            {
                cache.Invalidate(call.Registry, request.Scope);
            }

            var credential = await credentials.GetCredentialAsync(call.Registry, call.Token).ConfigureAwait(false);
            call.CredentialSource = credential?.Source ?? $"anonymous (no credentials for {call.Registry} in {credentials.Description})";
            if (challenge.IsBearer)
            {
                cache.SetChallenge(call.Registry, challenge);
                authorization = await FetchTokenAsync(call, challenge, request.Scope, credential, cache).ConfigureAwait(false);
            }
            else
            {
                if (credential is null || credential.IdentityToken is not null)
                {
                    throw Unauthorized(call, HttpStatusCode.Unauthorized, [], $"requires Basic authentication and {call.CredentialSource} has none. Run 'docker login {call.Registry}' or give a pull secret for it.");
                }

                authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Secret));
            }

            response = await SendRawAsync(call, request, authorization).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var errors = await ReadErrorsAsync(response, call).ConfigureAwait(false);
                response.Dispose();
                throw Unauthorized(call, HttpStatusCode.Unauthorized, errors, $"refused the credentials from {call.CredentialSource}. Check the user name and password (or token), or run 'docker login {call.Registry}'.");
            }

            if (challenge.IsBasic && response.IsSuccessStatusCode)
            {
                cache.SetBasic(call.Registry, authorization);
            }
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            var errors = await ReadErrorsAsync(response, call).ConfigureAwait(false);
            response.Dispose();
            throw Unauthorized(call, HttpStatusCode.Forbidden, errors, $"denied access to {call.Repository} for {call.CredentialSource ?? "the credentials sent"}. Ask the registry's administrator for {ScopeActions(request.Scope)} permission on the repository.");
        }

        return response;
    }

    /// <summary>Builds the exception for a response the caller did not expect, reading the registry's error list.</summary>
    public async Task<RegistryException> ErrorAsync(RegistryCall call, HttpResponseMessage response, string? code = null, string? what = null)
    {
        using (response)
        {
            var errors = await ReadErrorsAsync(response, call).ConfigureAwait(false);
            var status = response.StatusCode;
            var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
            code ??= status switch
            {
                HttpStatusCode.NotFound => SignetErrorCode.ManifestNotFound,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => SignetErrorCode.RegistryUnauthorized,
                _ => SignetErrorCode.RegistryUnreachable,
            };
            var hint = status switch
            {
                HttpStatusCode.TooManyRequests => RetryAfterHint(response),
                >= HttpStatusCode.InternalServerError => " The registry has a server-side problem; try again later or check its health.",
                _ => string.Empty,
            };
            var registryErrors = errors.Count == 0 ? string.Empty : " Registry errors: " + string.Join("; ", errors) + ".";
            return new RegistryException(code, $"{Describe(call)} {what ?? "failed"}: {response.RequestMessage?.Method} {Redact(response.RequestMessage?.RequestUri)} returned {(int)status} {status}.{registryErrors}{hint}")
            {
                Registry = call.Registry,
                Repository = call.Repository,
                Method = response.RequestMessage?.Method.Method,
                RequestUri = response.RequestMessage?.RequestUri,
                StatusCode = status,
                Errors = errors,
                IsTransient = transient,
                CredentialSource = call.CredentialSource,
            };
        }
    }

    /// <summary>Turns a cancellation or transport failure of <paramref name="call"/> into a RegistryException, or returns null.</summary>
    public static RegistryException? Translate(RegistryCall call, Exception exception)
    {
        if (exception is OperationCanceledException && call.DeadlineExpired)
        {
            return new RegistryException(SignetErrorCode.DeadlineExceeded, $"{Describe(call)} did not finish within the {call.DeadlineBudget.TotalSeconds:0.###} s deadline (last request: {call.LastMethod} {Redact(call.LastUri)}). The registry is slow or stalled; check its health, or raise Signet:Registry:Deadline.", exception)
            {
                Registry = call.Registry,
                Repository = call.Repository,
                Method = call.LastMethod,
                RequestUri = call.LastUri,
                IsTransient = true,
                CredentialSource = call.CredentialSource,
            };
        }

        if (exception is HttpRequestException http)
        {
            var host = call.LastUri?.Authority ?? call.Registry;
            var (message, transient) = http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => ($"the host name '{call.LastUri?.Host ?? call.Registry}' could not be resolved (DNS). Check the registry name in the image reference and the DNS configuration.", false),
                HttpRequestError.ConnectionError => ($"could not connect to {host}: {Innermost(http)}. Check that the registry is running and reachable from here (firewall, proxy, port).", true),
                HttpRequestError.SecureConnectionError => ($"the TLS handshake with {host} failed: {Innermost(http)}. If the registry uses a private CA, set Signet:Registry:Registries['{call.Registry}']:CaBundlePath to its CA certificate.", false),
                HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError => ($"the connection to {host} broke mid-response: {Innermost(http)}.", true),
                _ => ($"the request to {host} failed: {Innermost(http)}.", true),
            };
            return new RegistryException(SignetErrorCode.RegistryUnreachable, $"{Describe(call)} failed: {message}", exception)
            {
                Registry = call.Registry,
                Repository = call.Repository,
                Method = call.LastMethod,
                RequestUri = call.LastUri,
                IsTransient = transient,
                CredentialSource = call.CredentialSource,
            };
        }

        if (exception is IOException io)
        {
            return new RegistryException(SignetErrorCode.RegistryUnreachable, $"{Describe(call)} failed: the connection to {call.LastUri?.Authority ?? call.Registry} broke while reading the response: {io.Message}", exception)
            {
                Registry = call.Registry,
                Repository = call.Repository,
                Method = call.LastMethod,
                RequestUri = call.LastUri,
                IsTransient = true,
            };
        }

        return null;
    }

    /// <summary>"registry/repository: operation", the start of every message.</summary>
    public static string Describe(RegistryCall call) => $"Registry {call.Registry}, repository {call.Repository}: {call.Operation}";

    /// <summary>The base URI of the registry's API (<c>https://host/</c>, plain HTTP only where allowed).</summary>
    public Uri BaseUri(string registry) => new($"{SchemeFor(registry)}://{RegistryHost.ApiHost(registry)}/");

    private string SchemeFor(string registry)
    {
        if (_schemes.TryGetValue(registry, out var known))
        {
            return known;
        }

        return options.For(registry)?.PlainHttp == true && MayUsePlainHttp(registry) ? "http" : "https";
    }

    private bool MayUsePlainHttp(string registry) =>
        RegistryHost.IsLoopback(registry) || options.InsecureRegistries.Contains(registry, StringComparer.OrdinalIgnoreCase);

    private async Task<HttpResponseMessage> SendRawAsync(RegistryCall call, RegistryRequest request, string? authorization)
    {
        while (true)
        {
            var uri = Uri.TryCreate(request.Target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                ? absolute
                : new Uri(BaseUri(call.Registry), request.Target);
            using var message = new HttpRequestMessage(request.Method, uri);
            if (uri.Scheme == "http")
            {
                message.Version = HttpVersion.Version11;
                message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            }

            foreach (var accept in request.Accept)
            {
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            if (authorization is not null && SameAuthority(uri, call.Registry))
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            message.Content = request.Content?.Invoke();
            message.Options.Set(RegistryHttpClientConfigurator.DeadlineKey, call.Deadline);
            call.LastMethod = request.Method.Method;
            call.LastUri = uri;
            call.RoundTrips++;
            var client = httpClientFactory.CreateClient(RegistryHttpClientConfigurator.ClientName(uri.Authority));
            try
            {
                return await SendCountedAsync(client, message, call.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (uri.Scheme == "https" && ex.HttpRequestError == HttpRequestError.SecureConnectionError
                && MayUsePlainHttp(call.Registry) && !tlsPeers.SpokeTls(uri.Authority) && !_schemes.ContainsKey(call.Registry)
                && ex.InnerException is AuthenticationException or IOException)
            {
                // Docker's convention for loopback and insecure registries: HTTPS first, plain HTTP when the peer
                // does not speak TLS at all (a certificate problem never falls back).
                _schemes[call.Registry] = "http";
                LogPlainHttpFallback(logger, call.Registry);
            }
        }
    }

    private bool SameAuthority(Uri uri, string registry) =>
        string.Equals(uri.Authority, RegistryHost.ApiHost(registry), StringComparison.OrdinalIgnoreCase)
        || string.Equals(uri.Authority, new Uri(BaseUri(registry), "/").Authority, StringComparison.OrdinalIgnoreCase);

    private async Task<string> FetchTokenAsync(RegistryCall call, AuthChallenge challenge, string scope, RegistryCredential? credential, AuthCache cache)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw Unauthorized(call, HttpStatusCode.Unauthorized, [], $"sent a Bearer challenge whose realm '{challenge.Realm}' is not an http(s) URL.");
        }

        if (realm.Scheme == "http" && !RegistryHost.IsLoopback(realm.Authority) && !MayUsePlainHttp(call.Registry))
        {
            // Credentials are never sent in clear text to a non-loopback token service.
            throw Unauthorized(call, HttpStatusCode.Unauthorized, [], $"sent its token service as plain-HTTP '{realm}'; Signet sends credentials in clear text only to loopback or insecure-listed hosts.");
        }

        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Union(challenge.Scopes, StringComparer.Ordinal).ToList();
        HttpRequestMessage message;
        if (credential?.IdentityToken is { } refreshToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("client_id", "signet"),
                new("scope", string.Join(' ', scopes)),
            };
            if (challenge.Service is { } formService)
            {
                form.Add(new("service", formService));
            }

            message = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : string.Empty);
            if (challenge.Service is { } service)
            {
                query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
            }

            foreach (var s in scopes)
            {
                query.Append("scope=").Append(Uri.EscapeDataString(s)).Append('&');
            }

            var builder = new UriBuilder(realm) { Query = query.ToString().TrimEnd('&') };
            message = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (credential is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Secret)));
            }
        }

        using (message)
        {
            message.Options.Set(RegistryHttpClientConfigurator.DeadlineKey, call.Deadline);
            call.LastMethod = message.Method.Method;
            call.LastUri = message.RequestUri;
            call.RoundTrips++;
            var client = httpClientFactory.CreateClient(RegistryHttpClientConfigurator.ClientName(realm.Authority));
            using var response = await SendCountedAsync(client, message, call.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var errors = await ReadErrorsAsync(response, call).ConfigureAwait(false);
                throw Unauthorized(call, response.StatusCode, errors, $"its token service {realm.GetLeftPart(UriPartial.Path)} refused {(credential is null ? "an anonymous token request" : "the credentials from " + credential.Source)} for scope '{string.Join(' ', scopes)}'. {(credential is null ? $"Run 'docker login {call.Registry}' or give a pull secret." : "Check the user name and password.")}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(call, response, SignetErrorCode.RegistryUnreachable, $"could not get a token from {realm.GetLeftPart(UriPartial.Path)}").ConfigureAwait(false);
            }

            var body = await HttpBody.ReadAsync(response, MaxTokenBodyBytes, "token response", SignetErrorCode.ContentTooLarge, call).ConfigureAwait(false);
            TokenResponse? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenResponse);
            }
            catch (JsonException ex)
            {
                throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"{Describe(call)}: the token service {realm.GetLeftPart(UriPartial.Path)} answered with malformed JSON: {ex.Message}", ex)
                {
                    Registry = call.Registry,
                    Repository = call.Repository,
                    RequestUri = realm,
                    CredentialSource = call.CredentialSource,
                };
            }

            var token = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
            if (string.IsNullOrEmpty(token))
            {
                throw Unauthorized(call, response.StatusCode, [], $"its token service {realm.GetLeftPart(UriPartial.Path)} answered without a token.");
            }

            // Spec: expires_in defaults to 60 s. Issued-at is informational; the local clock starts the lifetime.
            var lifetime = TimeSpan.FromSeconds(parsed!.ExpiresIn is > 0 and var e ? e : 60);
            cache.SetToken(call.Registry, scope, token, lifetime);
            LogTokenObtained(logger, call.Registry, scope, (int)lifetime.TotalSeconds);
            return "Bearer " + token;
        }
    }

    private static RegistryException Unauthorized(RegistryCall call, HttpStatusCode status, IReadOnlyList<RegistryError> errors, string what)
    {
        var registryErrors = errors.Count == 0 ? string.Empty : " Registry errors: " + string.Join("; ", errors) + ".";
        return new RegistryException(SignetErrorCode.RegistryUnauthorized, $"{Describe(call)}: the registry {what}{registryErrors} (request: {call.LastMethod} {Redact(call.LastUri)}, {(int)status} {status})")
        {
            Registry = call.Registry,
            Repository = call.Repository,
            Method = call.LastMethod,
            RequestUri = call.LastUri,
            StatusCode = status,
            Errors = errors,
            CredentialSource = call.CredentialSource ?? "anonymous",
        };
    }

    private static async Task<IReadOnlyList<RegistryError>> ReadErrorsAsync(HttpResponseMessage response, RegistryCall call)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        try
        {
            var body = await HttpBody.ReadAsync(response, MaxErrorBodyBytes, "error body", SignetErrorCode.ContentTooLarge, call).ConfigureAwait(false);
            return JsonSerializer.Deserialize(body, RegistryJsonContext.Default.RegistryErrorList)?.Errors ?? [];
        }
        catch (Exception ex) when (ex is JsonException or RegistryException or IOException or HttpRequestException)
        {
            // An unreadable error body must not hide the status that is being reported.
            return [];
        }
    }

    private string RetryAfterHint(HttpResponseMessage response) =>
        RegistryHttpClientConfigurator.RetryAfter(response, timeProvider) is { } wait
            ? $" The registry is rate limiting and asked to retry after {wait.TotalSeconds:0.#} s; Signet retries only GET/HEAD and only while the wait fits in the deadline."
            : " The registry is rate limiting; try again later.";

    private static string ScopeActions(string scope) => scope.EndsWith(":pull", StringComparison.Ordinal) ? "pull" : "pull and push";

    private static string Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current.Message;
    }

    /// <summary>The URI without its query (upload session state and tokens never reach messages).</summary>
    internal static string Redact(Uri? uri) => uri is null ? "(none)" : uri.GetLeftPart(UriPartial.Path);

    [LoggerMessage(EventId = SignetEventId.Registry + 1, Level = LogLevel.Debug, Message = "Obtained a registry token for {Registry} scope {Scope}, valid {Seconds} s")]
    private static partial void LogTokenObtained(ILogger logger, string registry, string scope, int seconds);

    [LoggerMessage(EventId = SignetEventId.Registry + 2, Level = LogLevel.Information, Message = "Registry {Registry} does not speak TLS; using plain HTTP (allowed for loopback and insecure-listed registries)")]
    private static partial void LogPlainHttpFallback(ILogger logger, string registry);
}
