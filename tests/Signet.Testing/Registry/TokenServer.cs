using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signet.Testing.Registry;

/// <summary>
/// A token issuer for the distribution token spec on 127.0.0.1: checks Basic credentials and answers with a JWT signed
/// by a test certificate (sent in <c>x5c</c>) that the registry trusts through <c>auth.token.rootcertbundle</c>.
/// </summary>
/// <remarks>Claims per distribution/distribution:registry/auth/token/token.go@v2.8.2 (iss, aud, exp, nbf, access).</remarks>
public sealed class TokenServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2 _signer;
    private readonly Task _loop;
    private int _requests;

    /// <summary>Starts the server on a free loopback port.</summary>
    public TokenServer(X509Certificate2 signer, string issuer, string service, string username, string password)
    {
        _signer = signer;
        Issuer = issuer;
        Service = service;
        Username = username;
        Password = password;
        var port = FreePort.Next();
        Realm = new Uri($"http://127.0.0.1:{port}/token");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The token endpoint.</summary>
    public Uri Realm { get; }

    /// <summary>The <c>iss</c> claim and the registry's <c>auth.token.issuer</c>.</summary>
    public string Issuer { get; }

    /// <summary>The <c>aud</c> claim and the registry's <c>auth.token.service</c>.</summary>
    public string Service { get; }

    /// <summary>The only accepted user.</summary>
    public string Username { get; }

    /// <summary>The only accepted password.</summary>
    public string Password { get; }

    /// <summary>Lifetime announced in <c>expires_in</c> (the JWT's <c>exp</c> matches).</summary>
    public int ExpiresInSeconds { get; set; } = 300;

    /// <summary>How many token requests were answered (any outcome).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The scopes of the last token request.</summary>
    public IReadOnlyList<string> LastScopes { get; private set; } = [];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException or TimeoutException)
        {
            // Stopping the listener ends the loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        using var response = context.Response;
        var request = context.Request;
        var scopes = request.QueryString.GetValues("scope") ?? [];
        LastScopes = scopes;
        if (!Authenticated(request.Headers["Authorization"]))
        {
            response.StatusCode = 401;
            Write(response, """{"errors":[{"code":"UNAUTHORIZED","message":"invalid credentials"}]}""");
            return;
        }

        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = scope.Split(':');
            if (parts.Length == 3)
            {
                access.Add(new JsonObject
                {
                    ["type"] = parts[0],
                    ["name"] = parts[1],
                    ["actions"] = new JsonArray([.. parts[2].Split(',').Select(a => (JsonNode)JsonValue.Create(a)!)]),
                });
            }
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(JsonValue.Create(Convert.ToBase64String(_signer.RawData))),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = Username,
            ["aud"] = Service,
            ["exp"] = now + ExpiresInSeconds,
            ["nbf"] = now - 5,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        using var key = _signer.GetECDsaPrivateKey()!;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var token = signingInput + "." + Base64Url(signature);
        Write(response, JsonSerializer.Serialize(new Dictionary<string, object> { ["token"] = token, ["access_token"] = token, ["expires_in"] = ExpiresInSeconds }));
    }

    private bool Authenticated(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        return decoded == Username + ":" + Password;
    }

    private static void Write(HttpListenerResponse response, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
