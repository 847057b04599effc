using System.Text;
using System.Text.Json;
using Signet.Core.Errors;

namespace Signet.Registry.Authentication;

/// <summary>
/// Credentials from Docker's <c>config.json</c> or a Kubernetes pull secret (<c>.dockerconfigjson</c>, and the legacy
/// <c>.dockercfg</c> shape): <c>auths</c> entries, the <c>credsStore</c> and per-host <c>credHelpers</c>, the latter two
/// through <c>docker-credential-*</c> executables run with a time limit.
/// </summary>
/// <remarks>
/// Lookup order follows the Docker CLI (<c>docker/cli:cli/config/configfile/file.go</c>): a host's <c>credHelpers</c>
/// entry, else <c>credsStore</c>, else <c>auths</c>. Keys of <c>auths</c> may be URLs (<c>https://host/v1/</c>);
/// <c>docker.io</c> matches <c>https://index.docker.io/v1/</c>.
/// </remarks>
public sealed class DockerConfigCredentialProvider : IRegistryCredentialProvider
{
    private const string DockerHubLegacyKey = "https://index.docker.io/v1/";
    private readonly Dictionary<string, AuthEntry> _auths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _credHelpers = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _credsStore;
    private readonly CredentialHelperRunner _helpers;

    private DockerConfigCredentialProvider(string description, CredentialHelperRunner helpers)
    {
        Description = description;
        _helpers = helpers;
    }

    private DockerConfigCredentialProvider(string json, string description, CredentialHelperRunner helpers)
        : this(description, helpers)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {description} is not valid JSON: {ex.Message} Fix the file or the pull secret's .dockerconfigjson value.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The {description} is not a JSON object.");
            }

            // A config.json or .dockerconfigjson has "auths"; the legacy .dockercfg is the auths map itself.
            var auths = root.TryGetProperty("auths", out var a) ? a : (root.TryGetProperty("credsStore", out _) || root.TryGetProperty("credHelpers", out _) ? default : root);
            if (auths.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.Object)
                    {
                        _auths[NormalizeKey(entry.Name)] = ParseAuth(entry.Name, entry.Value, description);
                    }
                }
            }

            if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
            {
                _credsStore = storeName;
            }

            if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpersElement.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } helper)
                    {
                        _credHelpers[NormalizeKey(entry.Name)] = helper;
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>
    /// Reads Kubernetes pull-secret content (<c>.dockerconfigjson</c> or <c>.dockercfg</c>) or a <c>config.json</c>
    /// held in memory. Throws <see cref="FormatException"/> naming <paramref name="description"/> when it is malformed.
    /// </summary>
    /// <param name="json">The JSON document.</param>
    /// <param name="description">Where it came from, for messages (<c>pull secret default/regcred</c>).</param>
    /// <param name="helperTimeout">How long a credential helper may run (default 5 s).</param>
    /// <param name="helperSearchPath">Directories searched for <c>docker-credential-*</c> (default <c>PATH</c>).</param>
    public static DockerConfigCredentialProvider FromJson(string json, string description, TimeSpan? helperTimeout = null, IReadOnlyList<string>? helperSearchPath = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new DockerConfigCredentialProvider(json, description, new CredentialHelperRunner(helperTimeout ?? TimeSpan.FromSeconds(5), helperSearchPath));
    }

    /// <summary>Reads a Docker <c>config.json</c>; a missing file gives a provider with no credentials.</summary>
    public static DockerConfigCredentialProvider FromFile(string path, TimeSpan? helperTimeout = null, IReadOnlyList<string>? helperSearchPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var description = $"docker config {path}";
        var runner = new CredentialHelperRunner(helperTimeout ?? TimeSpan.FromSeconds(5), helperSearchPath);
        if (!File.Exists(path))
        {
            return new DockerConfigCredentialProvider(description + " (absent)", runner);
        }

        // config.json is small; a huge file is not a Docker config.
        var info = new FileInfo(path);
        if (info.Length > 1024 * 1024)
        {
            throw new FormatException($"The {description} is {info.Length} bytes; a Docker config is at most 1 MiB.");
        }

        return new DockerConfigCredentialProvider(File.ReadAllText(path), description, runner);
    }

    /// <summary>The default Docker config path: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static string DefaultPath()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
        {
            dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        return Path.Combine(dir, "config.json");
    }

    /// <inheritdoc />
    public async ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        var key = NormalizeKey(registry);
        var serverUrl = key == "docker.io" ? DockerHubLegacyKey : key;
        if (_credHelpers.TryGetValue(key, out var helper))
        {
            return await _helpers.GetAsync(helper, serverUrl, $"{Description} (credHelpers['{registry}'] = docker-credential-{helper})", cancellationToken).ConfigureAwait(false);
        }

        if (_credsStore is not null)
        {
            var stored = await _helpers.GetAsync(_credsStore, serverUrl, $"{Description} (credsStore = docker-credential-{_credsStore})", cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                return stored;
            }
        }

        if (_auths.TryGetValue(key, out var entry))
        {
            return new RegistryCredential
            {
                Username = entry.Username,
                Secret = entry.Password,
                IdentityToken = entry.IdentityToken,
                Source = $"{Description} (auths['{entry.OriginalKey}'])",
            };
        }

        return null;
    }

    /// <summary>Maps the spellings Docker accepts for a registry key to <c>host[:port]</c>.</summary>
    internal static string NormalizeKey(string key)
    {
        var value = key.Trim();
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..];
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            value = value[..slash];
        }

        value = value.ToLowerInvariant();
        return value is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? "docker.io" : value;
    }

    private static AuthEntry ParseAuth(string key, JsonElement element, string description)
    {
        string? username = GetString(element, "username");
        string? password = GetString(element, "password");
        var identityToken = GetString(element, "identitytoken");
        if (GetString(element, "auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"The {description} entry auths['{key}'].auth is not base64 of 'user:password'.", ex);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"The {description} entry auths['{key}'].auth does not decode to 'user:password' (no ':').");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        return new AuthEntry(key, username ?? string.Empty, password ?? string.Empty, string.IsNullOrEmpty(identityToken) ? null : identityToken);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record AuthEntry(string OriginalKey, string Username, string Password, string? IdentityToken);
}

/// <summary>Runs <c>docker-credential-&lt;name&gt; get</c> with a time limit (the Docker credential helper protocol).</summary>
/// <remarks>https://github.com/docker/docker-credential-helpers: stdin is the server URL, stdout <c>{"ServerURL","Username","Secret"}</c>.</remarks>
internal sealed class CredentialHelperRunner(TimeSpan timeout, IReadOnlyList<string>? searchPath)
{
    private const int MaxOutputChars = 64 * 1024;

    public async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, string source, CancellationToken cancellationToken)
    {
        var executable = Find("docker-credential-" + helper)
            ?? throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"The credential helper 'docker-credential-{helper}' named by {source} is not on the PATH. Install it, or remove the entry from the Docker config.")
            {
                CredentialSource = source,
            };

        using var process = new System.Diagnostics.Process();
        process.StartInfo = new System.Diagnostics.ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process.StartInfo.ArgumentList.Add("get");
        process.Start();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.StandardInput.WriteAsync(serverUrl.AsMemory(), timeoutSource.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            var stdoutTask = ReadBoundedAsync(process.StandardOutput, timeoutSource.Token);
            var stderrTask = ReadBoundedAsync(process.StandardError, timeoutSource.Token);
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            var stdout = await stdoutTask.ConfigureAwait(false);
            var stderr = await stderrTask.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // The protocol's "not found" answer is a normal miss, not an error.
                if (stdout.Contains("credentials not found", StringComparison.OrdinalIgnoreCase) || stderr.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"The credential helper 'docker-credential-{helper}' ({source}) failed with exit code {process.ExitCode}: {Trim(stderr.Length > 0 ? stderr : stdout)}")
                {
                    CredentialSource = source,
                };
            }

            return Parse(stdout, helper, source);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"The credential helper 'docker-credential-{helper}' ({source}) did not answer within {timeout.TotalSeconds:0.#} s; it may be waiting for a desktop prompt.")
            {
                CredentialSource = source,
                IsTransient = true,
            };
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static RegistryCredential Parse(string stdout, string helper, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(stdout);
            var root = document.RootElement;
            var username = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() ?? string.Empty : string.Empty;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? string.Empty : string.Empty;

            // Docker's convention: the user name "<token>" marks the secret as an identity (refresh) token.
            return username == "<token>"
                ? new RegistryCredential { Username = string.Empty, Secret = string.Empty, IdentityToken = secret, Source = source }
                : new RegistryCredential { Username = username, Secret = secret, Source = source };
        }
        catch (JsonException ex)
        {
            throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"The credential helper 'docker-credential-{helper}' ({source}) printed something that is not the protocol's JSON: {ex.Message}", ex)
            {
                CredentialSource = source,
            };
        }
    }

    private string? Find(string name)
    {
        var directories = searchPath ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        var builder = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (builder.Length + read > MaxOutputChars)
            {
                throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"A credential helper printed more than {MaxOutputChars} characters.");
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }

    private static string Trim(string value)
    {
        value = value.Trim();
        return value.Length <= 300 ? value : string.Concat(value.AsSpan(0, 297), "...");
    }
}
