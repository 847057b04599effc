using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signet.Core.IO;

namespace Signet.Keys.Embedded;

/// <summary>
/// The zero-setup key vault: one JSON file per key in a directory (<c>$SIGNET_HOME/keys</c>), public metadata readable
/// without a secret, private keys sealed with AES-256-GCM under a PBKDF2-SHA256 passphrase key. Handles
/// <c>signet:&lt;name&gt;</c> ids and bare names.
/// </summary>
/// <remarks>
/// Version ids are <c>v1</c>, <c>v2</c>… in creation order: short, stable, and sortable by their number; a number is
/// never reused, even after the version is deleted. Every change is written to a temporary file and renamed over the
/// key file, under an in-process lock and a lock file for other processes, so a failed or interrupted operation leaves
/// the previous file intact.
/// </remarks>
public sealed partial class EmbeddedKeyStore : IKeyProvider, IDisposable
{
    private const long MaxKeyFileSize = 1024 * 1024;
    private const string KeyFileExtension = ".json";

    private readonly EmbeddedKeyStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AtomicFileWriter _writer;
    private readonly KeyFileProtector _protector = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Creates the store over the configured directory.</summary>
    public EmbeddedKeyStore(IOptions<EmbeddedKeyStoreOptions> options, TimeProvider timeProvider, ILogger<EmbeddedKeyStore>? logger = null)
        : this(options, timeProvider, logger ?? (ILogger)NullLogger.Instance, streamWrapper: null)
    {
    }

    /// <summary>Test seam: <paramref name="streamWrapper"/> wraps each key file's stream while it is written.</summary>
    internal EmbeddedKeyStore(IOptions<EmbeddedKeyStoreOptions> options, TimeProvider timeProvider, ILogger logger, Func<Stream, Stream>? streamWrapper)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        // Key files are readable by their owner only, from the moment they exist.
        _writer = new AtomicFileWriter { CreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite, StreamWrapper = streamWrapper };
        Directory = Path.GetFullPath(_options.Directory ?? EmbeddedKeyStoreOptions.DefaultDirectory());
    }

    /// <summary>The key directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Name => "embedded";

    /// <inheritdoc />
    public bool CanHandle(string keyId) =>
        !string.IsNullOrEmpty(keyId) && (keyId.StartsWith(KeyNames.EmbeddedScheme, StringComparison.Ordinal) || !keyId.Contains(':', StringComparison.Ordinal));

    /// <inheritdoc />
    public async Task<KeyInfo> CreateKeyAsync(string name, KeyType keyType, CancellationToken cancellationToken = default)
    {
        var keyName = ParseName(name);
        if (!Enum.IsDefined(keyType))
        {
            throw new KeyProviderException(KeyErrorCode.ProviderError, $"Cannot create key '{keyName}': unknown key type {(int)keyType}; valid: {string.Join(", ", Enum.GetNames<KeyType>())}.", KeyNames.ToEmbeddedId(keyName));
        }

        var path = PathOf(keyName);
        if (File.Exists(path))
        {
            throw Exists(keyName);
        }

        var passphrase = await GetPassphraseAsync(keyName, isNewKey: true, cancellationToken).ConfigureAwait(false);
        var kdf = _protector.CreateKdf(passphrase, _options.Pbkdf2Iterations, out var encryptionKey);
        var now = _timeProvider.GetUtcNow();
        var document = new KeyFileDocument
        {
            Name = keyName,
            KeyType = keyType,
            Created = now,
            NextVersion = 1,
            Kdf = kdf,
        };
        document.Versions.Add(NewVersion(document, encryptionKey, now));

        await WithWriteLockAsync(
            async () =>
            {
                EnsureDirectory();
                try
                {
                    await _writer.WriteAsync(path, Serialize(document), AtomicWriteMode.FailIfExists, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    throw Exists(keyName);
                }
            },
            keyName,
            cancellationToken).ConfigureAwait(false);

        var id = KeyNames.ToEmbeddedId(keyName);
        Log.KeyCreated(_logger, id, keyType, "v1");
        return ToKeyInfo(document);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var keys = new List<KeyInfo>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + KeyFileExtension).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!KeyNames.IsValid(name))
            {
                continue;
            }

            try
            {
                keys.Add(ToKeyInfo(await LoadAsync(name, cancellationToken).ConfigureAwait(false)));
            }
            catch (KeyProviderException e) when (e.Code is KeyErrorCode.KeyFileCorrupt or KeyErrorCode.KeyNotFound)
            {
                // One damaged file must not hide the other keys; the message names it.
                Log.KeyFileSkipped(_logger, path, e.Message);
            }
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<KeyInfo> GetKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        ToKeyInfo(await LoadAsync(ParseName(keyId), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<KeyInfo> RotateKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var keyName = ParseName(keyId);
        var passphrase = await GetPassphraseAsync(keyName, isNewKey: false, cancellationToken).ConfigureAwait(false);
        string versionId = "";
        var document = await UpdateAsync(
            keyName,
            document =>
            {
                var encryptionKey = Unlock(document, passphrase);

                // Authenticate every sealed key first, so a damaged file is reported rather than extended.
                foreach (var existing in document.Versions.Where(v => v.PrivateKey is not null))
                {
                    CryptographicOperations.ZeroMemory(OpenPrivateKey(document, existing, encryptionKey));
                }

                var version = NewVersion(document, encryptionKey, _timeProvider.GetUtcNow());
                foreach (var existing in document.Versions)
                {
                    existing.Primary = false;
                }

                document.Versions.Add(version);
                versionId = version.Id;
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        var id = KeyNames.ToEmbeddedId(keyName);
        Log.KeyRotated(_logger, id, versionId);
        return ToKeyInfo(document);
    }

    /// <inheritdoc />
    public async Task<KeyInfo> SetVersionStateAsync(string keyId, string versionId, KeyVersionState state, CancellationToken cancellationToken = default)
    {
        var keyName = ParseName(keyId);
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        if (!Enum.IsDefined(state))
        {
            throw new KeyProviderException(KeyErrorCode.ProviderError, $"Key '{KeyNames.ToEmbeddedId(keyName)}': unknown version state {(int)state}; valid: {string.Join(", ", Enum.GetNames<KeyVersionState>())}.", KeyNames.ToEmbeddedId(keyName));
        }

        var document = await UpdateAsync(
            keyName,
            document =>
            {
                var version = FindVersion(document, versionId);
                if (version.State == state)
                {
                    return false;
                }

                if (version.Primary && state != KeyVersionState.Enabled)
                {
                    throw new KeyProviderException(
                        KeyErrorCode.PrimaryVersion,
                        $"Key '{KeyNames.ToEmbeddedId(keyName)}' version {versionId} is the primary version and cannot be {Describe(state)}; rotate the key first (signet key rotate {keyName}).",
                        KeyNames.ToEmbeddedId(keyName));
                }

                version.State = state;
                version.DeletionTime = state == KeyVersionState.ScheduledForDeletion ? _timeProvider.GetUtcNow() + _options.DeletionDelay : null;
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        var id = KeyNames.ToEmbeddedId(keyName);
        Log.VersionStateChanged(_logger, id, versionId, state);
        return ToKeyInfo(document);
    }

    /// <inheritdoc />
    public async Task<PublicKeyInfo> GetPublicKeyAsync(string keyId, string? versionId = null, CancellationToken cancellationToken = default)
    {
        var document = await LoadAsync(ParseName(keyId), cancellationToken).ConfigureAwait(false);
        var version = versionId is null ? PrimaryOf(document) : FindVersion(document, versionId);
        return new PublicKeyInfo(KeyNames.ToEmbeddedId(document.Name), version.Id, document.KeyType, version.PublicKey.ToArray(), version.State);
    }

    /// <inheritdoc />
    public Task<KeySignature> SignAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return SignDigestCoreAsync(keyId, versionId, algorithm, algorithm.HashData(data.Span), cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeySignature> SignDigestAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return SignDigestCoreAsync(keyId, versionId, algorithm, digest.ToArray(), cancellationToken);
    }

    /// <summary>Zeroes the cached passphrase-derived keys.</summary>
    public void Dispose()
    {
        _protector.Dispose();
        _writeLock.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"embedded key store at {Directory}";

    private async Task<KeySignature> SignDigestCoreAsync(string keyId, string? versionId, SigningAlgorithm algorithm, byte[] digest, CancellationToken cancellationToken)
    {
        var keyName = ParseName(keyId);
        var id = KeyNames.ToEmbeddedId(keyName);
        var document = await LoadAsync(keyName, cancellationToken).ConfigureAwait(false);
        var version = versionId is null ? PrimaryOf(document) : FindVersion(document, versionId);
        if (version.State != KeyVersionState.Enabled)
        {
            throw new KeyProviderException(
                KeyErrorCode.VersionDisabled,
                $"Key '{id}' version {version.Id} is {Describe(version.State)} and cannot sign; enable it (signet key enable {keyName} {version.Id}) or sign with the primary version.",
                id);
        }

        if (!document.KeyType.Fits(algorithm))
        {
            throw new KeyProviderException(
                KeyErrorCode.AlgorithmMismatch,
                $"Key '{id}' is {document.KeyType} and cannot sign with {algorithm.Name}; valid: {string.Join(", ", document.KeyType.Algorithms().Select(a => a.Name))}.",
                id);
        }

        if (digest.Length != algorithm.HashSizeInBytes)
        {
            throw new KeyProviderException(KeyErrorCode.InvalidDigest, $"Key '{id}': {algorithm.Name} needs a {algorithm.HashSizeInBytes}-byte digest, got {digest.Length} bytes.", id);
        }

        var passphrase = await GetPassphraseAsync(keyName, isNewKey: false, cancellationToken).ConfigureAwait(false);
        var encryptionKey = Unlock(document, passphrase);
        var pkcs8 = OpenPrivateKey(document, version, encryptionKey);
        try
        {
            var signature = SoftwareKeySigner.SignDigest(pkcs8, document.KeyType, algorithm, digest);
            Log.Signed(_logger, id, version.Id, algorithm.Name);
            return new KeySignature(id, version.Id, algorithm, signature);
        }
        catch (CryptographicException e)
        {
            throw new KeyProviderException(KeyErrorCode.KeyFileCorrupt, $"Key '{id}' version {version.Id}: the decrypted private key is unusable ({e.GetType().Name}); the key file is corrupted.", id);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static KeyFileVersion NewVersion(KeyFileDocument document, byte[] encryptionKey, DateTimeOffset now)
    {
        var versionId = $"v{document.NextVersion}";
        var (pkcs8, spki) = SoftwareKeySigner.Generate(document.KeyType);
        try
        {
            document.NextVersion++;
            return new KeyFileVersion
            {
                Id = versionId,
                Created = now,
                State = KeyVersionState.Enabled,
                Primary = true,
                PublicKey = spki,
                PrivateKey = KeyFileProtector.Seal(encryptionKey, pkcs8, AssociatedData(document.Name, versionId, spki)),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static byte[] OpenPrivateKey(KeyFileDocument document, KeyFileVersion version, byte[] encryptionKey)
    {
        var id = KeyNames.ToEmbeddedId(document.Name);
        try
        {
            return KeyFileProtector.Open(encryptionKey, version.PrivateKey!, AssociatedData(document.Name, version.Id, version.PublicKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            // The passphrase check passed, so the sealed key, its version id or its public key was altered.
            throw new KeyProviderException(KeyErrorCode.KeyFileCorrupt, $"Key '{id}' version {version.Id}: the sealed private key does not authenticate; the key file was modified or corrupted.", id);
        }
    }

    // Binds a sealed key to its file, version and public key: a sealed key copied into another version does not open.
    private static byte[] AssociatedData(string name, string versionId, byte[] spki) =>
        Encoding.UTF8.GetBytes($"{KeyFileDocument.CurrentFormat}|{name}|{versionId}|{Convert.ToBase64String(spki)}");

    private byte[] Unlock(KeyFileDocument document, string passphrase)
    {
        var key = _protector.TryUnlock(passphrase, document.Kdf);
        if (key is null)
        {
            var id = KeyNames.ToEmbeddedId(document.Name);
            Log.WrongPassphrase(_logger, id);
            throw new KeyProviderException(KeyErrorCode.WrongPassphrase, $"Key '{id}': the passphrase is wrong (check {_options.PassphraseEnvironmentVariable} or the passphrase file).", id);
        }

        return key;
    }

    private async Task<string> GetPassphraseAsync(string keyName, bool isNewKey, CancellationToken cancellationToken)
    {
        string? passphrase = null;
        if (_options.PassphraseCallback is { } callback)
        {
            passphrase = await callback(new PassphraseRequest(keyName, isNewKey), cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(passphrase) && !string.IsNullOrEmpty(_options.PassphraseFile))
        {
            try
            {
                passphrase = (await File.ReadAllTextAsync(_options.PassphraseFile, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KeyProviderException(KeyErrorCode.PassphraseRequired, $"Key '{KeyNames.ToEmbeddedId(keyName)}': cannot read the passphrase file '{_options.PassphraseFile}' ({e.GetType().Name}).", KeyNames.ToEmbeddedId(keyName), e);
            }
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            passphrase = Environment.GetEnvironmentVariable(_options.PassphraseEnvironmentVariable);
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            throw new KeyProviderException(
                KeyErrorCode.PassphraseRequired,
                $"Key '{KeyNames.ToEmbeddedId(keyName)}': no passphrase; set {_options.PassphraseEnvironmentVariable}, a passphrase file, or run interactively to be prompted.",
                KeyNames.ToEmbeddedId(keyName));
        }

        return passphrase;
    }

    private async Task<KeyFileDocument> UpdateAsync(string keyName, Func<KeyFileDocument, bool> change, CancellationToken cancellationToken)
    {
        KeyFileDocument? result = null;
        await WithWriteLockAsync(
            async () =>
            {
                var document = await LoadAsync(keyName, cancellationToken).ConfigureAwait(false);
                var purged = Purge(document);
                if (change(document) || purged)
                {
                    await _writer.WriteAsync(PathOf(keyName), Serialize(document), AtomicWriteMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                result = document;
            },
            keyName,
            cancellationToken).ConfigureAwait(false);
        return result!;
    }

    // Versions whose deletion time passed lose their sealed private key for good at the next write.
    private bool Purge(KeyFileDocument document)
    {
        var now = _timeProvider.GetUtcNow();
        var purged = false;
        var id = KeyNames.ToEmbeddedId(document.Name);
        foreach (var version in document.Versions.Where(v => IsDeleted(v, now) && v.PrivateKey is not null))
        {
            version.PrivateKey = null;
            purged = true;
            Log.VersionPurged(_logger, id, version.Id);
        }

        return purged;
    }

    private async Task WithWriteLockAsync(Func<Task> action, string keyName, CancellationToken cancellationToken)
    {
        if (!await _writeLock.WaitAsync(_options.LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw LockTimeout(keyName);
        }

        try
        {
            EnsureDirectory();
            using var processLock = await AcquireFileLockAsync(keyName, cancellationToken).ConfigureAwait(false);
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var id = KeyNames.ToEmbeddedId(keyName);
            throw new KeyProviderException(KeyErrorCode.StorageFailure, $"Key '{id}': cannot write the key file in '{Directory}' ({e.GetType().Name}: {e.Message}); nothing was changed.", id, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Other processes (a second CLI, the webhook) serialise on a lock file; the wait is bounded by LockTimeout.
    private async Task<FileStream> AcquireFileLockAsync(string keyName, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + _options.LockTimeout;
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(Directory, ".lock"), options);
            }
            catch (IOException) when (_timeProvider.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw LockTimeout(keyName);
            }
        }
    }

    private KeyProviderException LockTimeout(string keyName)
    {
        var id = KeyNames.ToEmbeddedId(keyName);
        return new KeyProviderException(KeyErrorCode.StorageFailure, $"Key '{id}': another process held the key store lock ({Path.Combine(Directory, ".lock")}) for more than {_options.LockTimeout}; nothing was changed.", id)
        {
            IsTransient = true,
        };
    }

    private void EnsureDirectory()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private async Task<KeyFileDocument> LoadAsync(string keyName, CancellationToken cancellationToken)
    {
        var id = KeyNames.ToEmbeddedId(keyName);
        var path = PathOf(keyName);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new KeyProviderException(KeyErrorCode.KeyNotFound, $"Key '{id}' not found in '{Directory}'; list keys with 'signet key list' or create it with 'signet key create {keyName}'.", id);
            }

            if (info.Length > MaxKeyFileSize)
            {
                throw Corrupt(id, path, $"the file is {info.Length} bytes, more than a key file can be");
            }

            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyProviderException(KeyErrorCode.StorageFailure, $"Key '{id}': cannot read '{path}' ({e.GetType().Name}: {e.Message}).", id, e);
        }

        KeyFileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, KeyFileJsonContext.Default.KeyFileDocument);
        }
        catch (JsonException e)
        {
            // JsonException messages quote positions and property names, never the (sealed) values.
            throw Corrupt(id, path, $"it is not valid key file JSON ({e.Message})");
        }

        if (document is null)
        {
            throw Corrupt(id, path, "it is empty");
        }

        var problem = Validate(document, keyName);
        return problem is null ? document : throw Corrupt(id, path, problem);
    }

    private string? Validate(KeyFileDocument document, string keyName)
    {
        if (document.Format != KeyFileDocument.CurrentFormat)
        {
            return $"format is '{document.Format}', expected '{KeyFileDocument.CurrentFormat}'";
        }

        if (document.Name != keyName)
        {
            return $"it names key '{document.Name}', not '{keyName}'";
        }

        if (!Enum.IsDefined(document.KeyType))
        {
            return $"unknown key type {(int)document.KeyType}";
        }

        if (!KeyFileProtector.HasValidShape(document.Kdf))
        {
            return $"the KDF parameters are not PBKDF2-SHA256 with a 32-byte salt and {EmbeddedKeyStoreOptions.MinimumPbkdf2Iterations}..{EmbeddedKeyStoreOptions.MaximumPbkdf2Iterations} iterations";
        }

        if (document.Versions.Count == 0)
        {
            return "it has no versions";
        }

        var now = _timeProvider.GetUtcNow();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in document.Versions)
        {
            if (!ids.Add(version.Id) || !version.Id.StartsWith('v') || !int.TryParse(version.Id.AsSpan(1), out var number) || number < 1 || number >= document.NextVersion)
            {
                return $"version id '{version.Id}' is duplicated or malformed";
            }

            if (!Enum.IsDefined(version.State) || (version.State == KeyVersionState.ScheduledForDeletion) != version.DeletionTime.HasValue)
            {
                return $"version {version.Id} has an invalid state";
            }

            if (!KeyTypeExtensions.TryGetKeyType(version.PublicKey, out var publicKeyType) || publicKeyType != document.KeyType)
            {
                return $"version {version.Id} has a public key that is not a {document.KeyType} SubjectPublicKeyInfo";
            }

            if (version.PrivateKey is null ? !IsDeleted(version, now) : !KeyFileProtector.HasValidShape(version.PrivateKey))
            {
                return $"version {version.Id} has a missing or malformed sealed private key";
            }
        }

        var primaries = document.Versions.Where(v => v.Primary).ToList();
        if (primaries.Count != 1 || primaries[0].State != KeyVersionState.Enabled)
        {
            return "it does not have exactly one enabled primary version";
        }

        return null;
    }

    private static KeyProviderException Corrupt(string id, string path, string problem) =>
        new(KeyErrorCode.KeyFileCorrupt, $"Key '{id}': the key file '{path}' is corrupted or truncated: {problem}. Restore it from a backup.", id);

    private KeyFileVersion FindVersion(KeyFileDocument document, string versionId)
    {
        var id = KeyNames.ToEmbeddedId(document.Name);
        var version = document.Versions.FirstOrDefault(v => string.Equals(v.Id, versionId, StringComparison.Ordinal));
        if (version is null)
        {
            var known = string.Join(", ", document.Versions.Where(v => !IsDeleted(v, _timeProvider.GetUtcNow())).Select(v => v.Id));
            throw new KeyProviderException(KeyErrorCode.VersionNotFound, $"Key '{id}' has no version '{versionId}'; versions: {known}.", id);
        }

        if (IsDeleted(version, _timeProvider.GetUtcNow()))
        {
            throw new KeyProviderException(KeyErrorCode.VersionDeleted, $"Key '{id}' version {versionId} was deleted at {version.DeletionTime:O}.", id);
        }

        return version;
    }

    private static KeyFileVersion PrimaryOf(KeyFileDocument document) => document.Versions.Single(v => v.Primary);

    private static bool IsDeleted(KeyFileVersion version, DateTimeOffset now) =>
        version.State == KeyVersionState.ScheduledForDeletion && version.DeletionTime <= now;

    private KeyInfo ToKeyInfo(KeyFileDocument document)
    {
        var now = _timeProvider.GetUtcNow();
        return new KeyInfo
        {
            Id = KeyNames.ToEmbeddedId(document.Name),
            Name = document.Name,
            KeyType = document.KeyType,
            Versions = document.Versions
                .Where(v => !IsDeleted(v, now))
                .Select(v => new KeyVersionInfo { Id = v.Id, Created = v.Created, State = v.State, IsPrimary = v.Primary, DeletionTime = v.DeletionTime })
                .ToArray(),
        };
    }

    private static string ParseName(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return KeyNames.TryGetEmbeddedName(keyId, out var name)
            ? name
            : throw new KeyProviderException(KeyErrorCode.InvalidKeyId, $"'{keyId}' is not an embedded key id: use signet:<name> or a bare name matching {KeyNames.Pattern}.", keyId);
    }

    private string PathOf(string keyName) => Path.Combine(Directory, keyName + KeyFileExtension);

    private static byte[] Serialize(KeyFileDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, KeyFileJsonContext.Default.KeyFileDocument);

    private static KeyProviderException Exists(string keyName) =>
        new(KeyErrorCode.KeyExists, $"Key '{KeyNames.ToEmbeddedId(keyName)}' already exists; rotate it (signet key rotate {keyName}) or pick another name.", KeyNames.ToEmbeddedId(keyName));

    private static string Describe(KeyVersionState state) => state switch
    {
        KeyVersionState.Enabled => "enabled",
        KeyVersionState.Disabled => "disabled",
        _ => "scheduled for deletion",
    };
}
