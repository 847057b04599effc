using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Signet.Keys.Pkcs11;

/// <summary>
/// Keys in PKCS#11 tokens (HSMs, smart cards, SoftHSM2), addressed by RFC 7512 URIs. Signing runs inside the token:
/// the private key never leaves it. A key is the set of key pairs sharing a CKA_LABEL; each pair is a version whose
/// CKA_ID is the version id (<c>v1</c>, <c>v2</c>… for keys Signet generates). See docs/keys.md.
/// </summary>
public sealed partial class Pkcs11KeyProvider : IKeyProvider, IDisposable
{
    private readonly Pkcs11KeyProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Pkcs11Token> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _tokenLock = new();

    /// <summary>Creates the provider.</summary>
    public Pkcs11KeyProvider(IOptions<Pkcs11KeyProviderOptions> options, TimeProvider timeProvider, ILogger<Pkcs11KeyProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "pkcs11";

    /// <inheritdoc />
    public bool CanHandle(string keyId) => keyId is not null && keyId.StartsWith(Pkcs11KeyUri.Scheme, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async Task<KeyInfo> CreateKeyAsync(string name, KeyType keyType, CancellationToken cancellationToken = default)
    {
        var (uri, token) = Resolve(name);
        var label = uri.ObjectLabel!;
        var id = Pkcs11KeyUri.KeyId(token.Label, label);
        if (!KeyNames.IsValid(label))
        {
            throw new KeyProviderException(KeyErrorCode.InvalidKeyId, $"Cannot create '{id}': the object name must match {KeyNames.Pattern}.", id);
        }

        if (!Enum.IsDefined(keyType))
        {
            throw new KeyProviderException(KeyErrorCode.ProviderError, $"Cannot create '{id}': unknown key type {(int)keyType}.", id);
        }

        var info = await WriteAsync(token, session =>
        {
            if (FindKeyPairs(session, label).Count > 0 || FindMetadata(session, label) is not null)
            {
                throw new KeyProviderException(KeyErrorCode.KeyExists, $"Key '{id}' already exists in the token; rotate it or pick another name.", id);
            }

            var metadata = new Pkcs11KeyMetadata();
            AddVersion(session, label, keyType, metadata);
            SaveMetadata(session, label, metadata);
            return Describe(session, token, label);
        }, cancellationToken).ConfigureAwait(false);
        Log.KeyCreated(_logger, id, keyType);
        return info;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        if (_options.TokenLabel is null || _options.ModulePath is null)
        {
            // Without a default token there is nothing to list; keys are reached by their URIs.
            return [];
        }

        var token = GetToken(_options.ModulePath, _options.TokenLabel, null, null);
        return await token.UseAsync(session =>
        {
            var labels = session.FindAllObjects([Attr(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)])
                .Select(h => session.GetAttributeValue(h, [CKA.CKA_LABEL])[0].GetValueAsString())
                .Where(l => !string.IsNullOrEmpty(l))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            return labels.Select(l => Describe(session, token, l)).ToList();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<KeyInfo> GetKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var (uri, token) = Resolve(keyId);
        return token.UseAsync(session => Describe(session, token, uri.ObjectLabel!), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<KeyInfo> RotateKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var (uri, token) = Resolve(keyId);
        var label = uri.ObjectLabel!;
        var info = await WriteAsync(token, session =>
        {
            var view = Load(session, token, label, destroyExpired: true);
            var metadata = view.Metadata;
            foreach (var version in metadata.Versions)
            {
                version.Primary = false;
            }

            AddVersion(session, label, view.KeyType, metadata);
            SaveMetadata(session, label, metadata);
            return Describe(session, token, label);
        }, cancellationToken).ConfigureAwait(false);
        Log.KeyRotated(_logger, info.Id, info.Primary.Id);
        return info;
    }

    /// <inheritdoc />
    public async Task<KeyInfo> SetVersionStateAsync(string keyId, string versionId, KeyVersionState state, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        var (uri, token) = Resolve(keyId);
        var label = uri.ObjectLabel!;
        var id = Pkcs11KeyUri.KeyId(token.Label, label);
        if (!Enum.IsDefined(state))
        {
            throw new KeyProviderException(KeyErrorCode.ProviderError, $"Key '{id}': unknown version state {(int)state}.", id);
        }

        var info = await WriteAsync(token, session =>
        {
            var view = Load(session, token, label, destroyExpired: true);
            var version = FindVersion(view, versionId);
            if (version.State == state)
            {
                return Describe(session, token, label);
            }

            if (version.Primary && state != KeyVersionState.Enabled)
            {
                throw new KeyProviderException(KeyErrorCode.PrimaryVersion, $"Key '{id}' version {versionId} is the primary version and cannot be {state}; rotate the key first.", id);
            }

            version.State = state;
            version.DeletionTime = state == KeyVersionState.ScheduledForDeletion ? _timeProvider.GetUtcNow() + _options.DeletionDelay : null;
            SaveMetadata(session, label, view.Metadata);
            return Describe(session, token, label);
        }, cancellationToken).ConfigureAwait(false);
        Log.VersionStateChanged(_logger, id, versionId, state);
        return info;
    }

    /// <inheritdoc />
    public Task<PublicKeyInfo> GetPublicKeyAsync(string keyId, string? versionId = null, CancellationToken cancellationToken = default)
    {
        var (uri, token) = Resolve(keyId);
        versionId ??= uri.VersionId;
        return token.UseAsync(session =>
        {
            var view = Load(session, token, uri.ObjectLabel!);
            var version = versionId is null ? view.Metadata.Versions.Single(v => v.Primary) : FindVersion(view, versionId);
            return new PublicKeyInfo(view.KeyId, version.Id, view.KeyType, view.Pairs[version.Id].SubjectPublicKeyInfo, version.State);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeySignature> SignAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(algorithm);

        // Hash on the host and sign the digest in the token: one mechanism per scheme, every token supports it, and
        // the message never has to cross into the token.
        return SignDigestAsync(keyId, versionId, algorithm, algorithm.HashData(data.Span), cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeySignature> SignDigestAsync(string keyId, string? versionId, SigningAlgorithm algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var (uri, token) = Resolve(keyId);
        versionId ??= uri.VersionId;
        var digestBytes = digest.ToArray();
        return token.UseAsync(session =>
        {
            var view = Load(session, token, uri.ObjectLabel!);
            var version = versionId is null ? view.Metadata.Versions.Single(v => v.Primary) : FindVersion(view, versionId);
            if (version.State != KeyVersionState.Enabled)
            {
                throw new KeyProviderException(KeyErrorCode.VersionDisabled, $"Key '{view.KeyId}' version {version.Id} is {version.State} and cannot sign.", view.KeyId);
            }

            if (!view.KeyType.Fits(algorithm))
            {
                throw new KeyProviderException(KeyErrorCode.AlgorithmMismatch, $"Key '{view.KeyId}' is {view.KeyType} and cannot sign with {algorithm.Name}; valid: {string.Join(", ", view.KeyType.Algorithms().Select(a => a.Name))}.", view.KeyId);
            }

            if (digestBytes.Length != algorithm.HashSizeInBytes)
            {
                throw new KeyProviderException(KeyErrorCode.InvalidDigest, $"Key '{view.KeyId}': {algorithm.Name} needs a {algorithm.HashSizeInBytes}-byte digest, got {digestBytes.Length} bytes.", view.KeyId);
            }

            var (mechanism, input) = Mechanism(algorithm, digestBytes);
            byte[] signature;
            try
            {
                signature = session.Sign(mechanism, view.Pairs[version.Id].PrivateKey, input);
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_MECHANISM_INVALID or CKR.CKR_MECHANISM_PARAM_INVALID or CKR.CKR_KEY_FUNCTION_NOT_PERMITTED or CKR.CKR_KEY_TYPE_INCONSISTENT)
            {
                throw new KeyProviderException(KeyErrorCode.TokenFailure, $"Key '{view.KeyId}' version {version.Id}: the token refused {algorithm.Name} ({e.RV}).", view.KeyId, e);
            }

            Log.Signed(_logger, view.KeyId, version.Id, algorithm.Name);
            return new KeySignature(view.KeyId, version.Id, algorithm, signature);
        }, cancellationToken);
    }

    /// <summary>Closes the pooled sessions (loaded modules stay loaded for the process).</summary>
    public void Dispose()
    {
        foreach (var token in _tokens.Values)
        {
            token.Dispose();
        }

        _tokens.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => $"PKCS#11 key provider (module {_options.ModulePath ?? "from URI"}, token {_options.TokenLabel ?? "from URI"})";

    private static async Task<T> WriteAsync<T>(Pkcs11Token token, Func<ISession, T> work, CancellationToken cancellationToken)
    {
        await token.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await token.UseAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            token.WriteLock.Release();
        }
    }

    private static (IMechanism Mechanism, byte[] Input) Mechanism(SigningAlgorithm algorithm, byte[] digest)
    {
        var factories = Pkcs11Modules.Factories;
        var (hash, mgf) = algorithm.HashSizeInBytes switch
        {
            28 => (CKM.CKM_SHA224, CKG.CKG_MGF1_SHA224),
            32 => (CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256),
            48 => (CKM.CKM_SHA384, CKG.CKG_MGF1_SHA384),
            _ => (CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512),
        };
        return algorithm.Scheme switch
        {
            SignatureScheme.RsaPss => (
                factories.MechanismFactory.Create(
                    CKM.CKM_RSA_PKCS_PSS,
                    factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(ConvertUtils.UInt64FromCKM(hash), ConvertUtils.UInt64FromCKG(mgf), (ulong)algorithm.HashSizeInBytes)),
                digest),
            SignatureScheme.RsaPkcs1 => (factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS), DigestInfo(algorithm, digest)),
            _ => (factories.MechanismFactory.Create(CKM.CKM_ECDSA), digest),
        };
    }

    // CKM_RSA_PKCS pads whatever it is given, so PKCS#1 v1.5 signatures need the DigestInfo of RFC 8017 §9.2.
    private static byte[] DigestInfo(SigningAlgorithm algorithm, byte[] digest)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(algorithm.HashOid);
                writer.WriteNull();
            }

            writer.WriteOctetString(digest);
        }

        return writer.Encode();
    }

    private void AddVersion(ISession session, string label, KeyType keyType, Pkcs11KeyMetadata metadata)
    {
        var versionId = $"v{metadata.NextVersion}";
        var ckaId = Encoding.ASCII.GetBytes(versionId);
        List<IObjectAttribute> publicTemplate =
        [
            Attr(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_PRIVATE, false),
            Attr(CKA.CKA_VERIFY, true), Attr(CKA.CKA_LABEL, label), Attr(CKA.CKA_ID, ckaId),
        ];
        List<IObjectAttribute> privateTemplate =
        [
            Attr(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_PRIVATE, true),
            Attr(CKA.CKA_SENSITIVE, true), Attr(CKA.CKA_EXTRACTABLE, false), Attr(CKA.CKA_SIGN, true),
            Attr(CKA.CKA_LABEL, label), Attr(CKA.CKA_ID, ckaId),
        ];
        CKM generator;
        if (keyType.IsRsa())
        {
            generator = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
            publicTemplate.Add(Attr(CKA.CKA_KEY_TYPE, CKK.CKK_RSA));
            publicTemplate.Add(Attr(CKA.CKA_MODULUS_BITS, (ulong)keyType.KeySizeInBits()));
            publicTemplate.Add(Attr(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 1, 0, 1 }));
            privateTemplate.Add(Attr(CKA.CKA_KEY_TYPE, CKK.CKK_RSA));
        }
        else
        {
            generator = CKM.CKM_EC_KEY_PAIR_GEN;
            publicTemplate.Add(Attr(CKA.CKA_KEY_TYPE, CKK.CKK_EC));
            publicTemplate.Add(Attr(CKA.CKA_EC_PARAMS, CurveParameters(keyType)));
            privateTemplate.Add(Attr(CKA.CKA_KEY_TYPE, CKK.CKK_EC));
        }

        session.GenerateKeyPair(Pkcs11Modules.Factories.MechanismFactory.Create(generator), publicTemplate, privateTemplate, out _, out _);
        metadata.NextVersion++;
        metadata.Versions.Add(new Pkcs11VersionMetadata { Id = Pkcs11KeyUri.EncodeId(ckaId), Created = _timeProvider.GetUtcNow(), State = KeyVersionState.Enabled, Primary = true });
    }

    private static byte[] CurveParameters(KeyType keyType)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(keyType switch
        {
            KeyType.EcP256 => "1.2.840.10045.3.1.7",
            KeyType.EcP384 => "1.3.132.0.34",
            _ => "1.3.132.0.35",
        });
        return writer.Encode();
    }

    private KeyInfo Describe(ISession session, Pkcs11Token token, string label)
    {
        var view = Load(session, token, label);
        return new KeyInfo
        {
            Id = view.KeyId,
            Name = label,
            KeyType = view.KeyType,
            Versions = view.Metadata.Versions
                .Select(v => new KeyVersionInfo { Id = v.Id, Created = v.Created, State = v.State, IsPrimary = v.Primary, DeletionTime = v.DeletionTime })
                .ToArray(),
        };
    }

    /// <summary>
    /// Reads a key: its key pairs and its metadata, reconciled (pairs made by other tools appear as enabled versions;
    /// metadata of destroyed pairs is ignored), with versions past their deletion time destroyed.
    /// </summary>
    private KeyView Load(ISession session, Pkcs11Token token, string label, bool destroyExpired = false)
    {
        var keyId = Pkcs11KeyUri.KeyId(token.Label, label);
        var pairs = FindKeyPairs(session, label);
        if (pairs.Count == 0)
        {
            throw new KeyProviderException(KeyErrorCode.KeyNotFound, $"Key '{keyId}' not found: token '{token.Label}' has no private key labelled '{label}'.", keyId);
        }

        var keyTypes = pairs.Values.Select(p => p.KeyType).Distinct().ToList();
        if (keyTypes.Count != 1)
        {
            throw new KeyProviderException(KeyErrorCode.KeyFileCorrupt, $"Key '{keyId}' mixes key types ({string.Join(", ", keyTypes)}) under one label; give each key its own label.", keyId);
        }

        var metadata = LoadMetadata(session, label, keyId) ?? new Pkcs11KeyMetadata();
        metadata.Versions.RemoveAll(v => !pairs.ContainsKey(v.Id));
        foreach (var id in pairs.Keys.Where(id => metadata.Versions.All(v => v.Id != id)).Order(VersionOrder.Instance))
        {
            metadata.Versions.Add(new Pkcs11VersionMetadata { Id = id, Created = DateTimeOffset.UnixEpoch, State = KeyVersionState.Enabled });
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var expired in metadata.Versions.Where(v => v.State == KeyVersionState.ScheduledForDeletion && v.DeletionTime <= now).ToList())
        {
            // Reads only hide an expired version; writes (which hold the token's write lock) destroy its objects, so
            // the saved metadata never lacks a version whose objects still exist.
            if (destroyExpired)
            {
                session.DestroyObject(pairs[expired.Id].PrivateKey);
                if (pairs[expired.Id].PublicKey is { } publicKey)
                {
                    session.DestroyObject(publicKey);
                }

                Log.VersionDestroyed(_logger, keyId, expired.Id);
            }

            pairs.Remove(expired.Id);
            metadata.Versions.Remove(expired);
        }

        metadata.Versions.Sort((a, b) => VersionOrder.Instance.Compare(a.Id, b.Id));
        if (metadata.Versions.Count(v => v.Primary) != 1)
        {
            foreach (var version in metadata.Versions)
            {
                version.Primary = false;
            }

            var primary = metadata.Versions.LastOrDefault(v => v.State == KeyVersionState.Enabled)
                ?? throw new KeyProviderException(KeyErrorCode.VersionDisabled, $"Key '{keyId}' has no enabled version left.", keyId);
            primary.Primary = true;
        }

        return new KeyView(keyId, keyTypes[0], pairs, metadata);
    }

    private static Pkcs11VersionMetadata FindVersion(KeyView view, string versionId) =>
        view.Metadata.Versions.FirstOrDefault(v => v.Id == versionId)
        ?? throw new KeyProviderException(KeyErrorCode.VersionNotFound, $"Key '{view.KeyId}' has no version '{versionId}'; versions: {string.Join(", ", view.Metadata.Versions.Select(v => v.Id))}.", view.KeyId);

    private static Dictionary<string, KeyPair> FindKeyPairs(ISession session, string label)
    {
        var pairs = new Dictionary<string, KeyPair>(StringComparer.Ordinal);
        foreach (var privateKey in session.FindAllObjects([Attr(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), Attr(CKA.CKA_LABEL, label)]))
        {
            var ckaId = session.GetAttributeValue(privateKey, [CKA.CKA_ID])[0].GetValueAsByteArray() ?? [];
            var publicKey = session.FindAllObjects([Attr(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), Attr(CKA.CKA_LABEL, label), Attr(CKA.CKA_ID, ckaId)]).FirstOrDefault();
            var id = Pkcs11KeyUri.EncodeId(ckaId);
            if (publicKey is null || pairs.ContainsKey(id))
            {
                // A private key without its public half (or a duplicate id) cannot be a verifiable version.
                continue;
            }

            var (keyType, spki) = ReadPublicKey(session, publicKey);
            if (keyType is { } type)
            {
                pairs[id] = new KeyPair(privateKey, publicKey, type, spki);
            }
        }

        return pairs;
    }

    private static (KeyType? KeyType, byte[] SubjectPublicKeyInfo) ReadPublicKey(ISession session, IObjectHandle publicKey)
    {
        var keyType = session.GetAttributeValue(publicKey, [CKA.CKA_KEY_TYPE])[0].GetValueAsUlong();
        if (keyType == ConvertUtils.UInt64FromCKK(CKK.CKK_RSA))
        {
            var values = session.GetAttributeValue(publicKey, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = values[0].GetValueAsByteArray(), Exponent = values[1].GetValueAsByteArray() });
            var spki = rsa.ExportSubjectPublicKeyInfo();
            return (KeyTypeExtensions.TryGetKeyType(spki, out var type) ? type : null, spki);
        }

        if (keyType == ConvertUtils.UInt64FromCKK(CKK.CKK_EC))
        {
            var values = session.GetAttributeValue(publicKey, [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]);
            var curveOid = new AsnReader(values[0].GetValueAsByteArray(), AsnEncodingRules.DER).ReadObjectIdentifier();
            var point = values[1].GetValueAsByteArray();

            // CKA_EC_POINT is a DER OCTET STRING holding the uncompressed point; some old modules give the raw point.
            if (LooksLikeOctetString(point))
            {
                point = new AsnReader(point, AsnEncodingRules.BER).ReadOctetString();
            }

            if (point.Length < 3 || point[0] != 0x04 || point.Length % 2 == 0)
            {
                return (null, []);
            }

            var curve = ECCurve.CreateFromValue(curveOid);
            var half = (point.Length - 1) / 2;
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = point[1..(1 + half)], Y = point[(1 + half)..] } });
            var spki = ecdsa.ExportSubjectPublicKeyInfo();
            return (KeyTypeExtensions.TryGetKeyType(spki, out var type) ? type : null, spki);
        }

        return (null, []);
    }

    private static bool LooksLikeOctetString(byte[] value) =>
        value[0] == 0x04 && value.Length > 2 && (value[1] == value.Length - 2 || (value[1] == 0x81 && value.Length > 3 && value[2] == value.Length - 3));

    private static IObjectHandle? FindMetadata(ISession session, string label) => FindMetadataObjects(session, label).FirstOrDefault();

    private static List<IObjectHandle> FindMetadataObjects(ISession session, string label) =>
        session.FindAllObjects([Attr(CKA.CKA_CLASS, CKO.CKO_DATA), Attr(CKA.CKA_LABEL, label), Attr(CKA.CKA_APPLICATION, Pkcs11KeyMetadata.Application)]);

    private static Pkcs11KeyMetadata? LoadMetadata(ISession session, string label, string keyId)
    {
        Pkcs11KeyMetadata? newest = null;
        foreach (var handle in FindMetadataObjects(session, label))
        {
            var value = session.GetAttributeValue(handle, [CKA.CKA_VALUE])[0].GetValueAsByteArray();
            try
            {
                var metadata = JsonSerializer.Deserialize(value, Pkcs11MetadataJsonContext.Default.Pkcs11KeyMetadata) ?? throw new JsonException("empty");
                if (newest is null || metadata.Revision > newest.Revision)
                {
                    newest = metadata;
                }
            }
            catch (JsonException e)
            {
                throw new KeyProviderException(KeyErrorCode.KeyFileCorrupt, $"Key '{keyId}': its metadata object (CKO_DATA, application {Pkcs11KeyMetadata.Application}) is not valid JSON ({e.Message}).", keyId);
            }
        }

        return newest;
    }

    // SoftHSM (like many tokens) makes a data object's CKA_VALUE read-only, so a save creates a new object with a
    // higher revision and then destroys the old ones: a failure in between leaves both, and readers take the newest.
    private static void SaveMetadata(ISession session, string label, Pkcs11KeyMetadata metadata)
    {
        var old = FindMetadataObjects(session, label);
        metadata.Revision++;
        var value = JsonSerializer.SerializeToUtf8Bytes(metadata, Pkcs11MetadataJsonContext.Default.Pkcs11KeyMetadata);
        session.CreateObject(
        [
            Attr(CKA.CKA_CLASS, CKO.CKO_DATA), Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_PRIVATE, true),
            Attr(CKA.CKA_LABEL, label), Attr(CKA.CKA_APPLICATION, Pkcs11KeyMetadata.Application), Attr(CKA.CKA_VALUE, value),
        ]);
        foreach (var handle in old)
        {
            session.DestroyObject(handle);
        }
    }

    private (Pkcs11KeyUri Uri, Pkcs11Token Token) Resolve(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!Pkcs11KeyUri.TryParse(keyId, out var uri, out var error))
        {
            throw new KeyProviderException(KeyErrorCode.InvalidKeyId, $"'{RedactPin(keyId)}' is not a PKCS#11 key id: {error}", null);
        }

        if (string.IsNullOrEmpty(uri.ObjectLabel))
        {
            throw new KeyProviderException(KeyErrorCode.InvalidKeyId, $"PKCS#11 key id '{uri}' has no object=<key name>.", uri.ToString());
        }

        var tokenLabel = uri.Token ?? _options.TokenLabel;

        // The id Signet records has no module-path, and callers resolve a key's id after its URI (sign, verify): a
        // token this provider already reached through a URI's module-path is found again by its label.
        var modulePath = uri.ModulePath ?? _options.ModulePath ?? ModuleOfOpenToken(tokenLabel)
            ?? throw new KeyProviderException(KeyErrorCode.ModuleNotFound, $"PKCS#11 key '{uri}': no module; add ?module-path=/path/to/module.so or set {Pkcs11KeyProviderOptions.SectionName}:ModulePath.", uri.ToString());
        if (tokenLabel is null)
        {
            throw new KeyProviderException(KeyErrorCode.TokenNotFound, $"PKCS#11 key '{uri}': no token; add token=<label> or set {Pkcs11KeyProviderOptions.SectionName}:TokenLabel.", uri.ToString());
        }

        return (uri, GetToken(modulePath, tokenLabel, uri.PinValue, uri.PinSource));
    }

    /// <summary>The module of the one token labelled <paramref name="tokenLabel"/> this provider has open, if exactly one is.</summary>
    private string? ModuleOfOpenToken(string? tokenLabel)
    {
        if (tokenLabel is null)
        {
            return null;
        }

        var modules = _tokens.Values.Where(t => string.Equals(t.Label, tokenLabel, StringComparison.Ordinal)).Select(t => t.ModulePath).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return modules.Count == 1 ? modules[0] : null;
    }

    private Pkcs11Token GetToken(string modulePath, string tokenLabel, string? pinValue, string? pinSource)
    {
        var key = modulePath + "\n" + tokenLabel;
        if (_tokens.TryGetValue(key, out var token))
        {
            return token;
        }

        lock (_tokenLock)
        {
            if (_tokens.TryGetValue(key, out token))
            {
                return token;
            }

            var module = Pkcs11Modules.Get(modulePath);
            var slots = module.GetSlotList(SlotsType.WithTokenPresent);
            var labels = new List<string>();
            foreach (var slot in slots)
            {
                var info = slot.GetTokenInfo();
                if (!info.TokenFlags.TokenInitialized)
                {
                    continue;
                }

                labels.Add(info.Label.Trim());
                if (string.Equals(info.Label.Trim(), tokenLabel, StringComparison.Ordinal))
                {
                    token = new Pkcs11Token(slot, tokenLabel, modulePath, () => ReadPin(pinValue, pinSource, tokenLabel), _options.PinEnvironmentVariable, _options.MaxSessions, _options.SessionWaitTimeout);
                    _tokens[key] = token;
                    return token;
                }
            }

            throw new KeyProviderException(
                KeyErrorCode.TokenNotFound,
                $"PKCS#11 module '{modulePath}' has no token labelled '{tokenLabel}'; tokens: {(labels.Count == 0 ? "none" : string.Join(", ", labels))}.",
                Pkcs11KeyUri.KeyId(tokenLabel, "*"));
        }
    }

    private string? ReadPin(string? pinValue, string? pinSource, string tokenLabel)
    {
        if (!string.IsNullOrEmpty(pinValue))
        {
            return pinValue;
        }

        if (!string.IsNullOrEmpty(pinSource))
        {
            if (pinSource.StartsWith("env:", StringComparison.Ordinal))
            {
                return Environment.GetEnvironmentVariable(pinSource[4..]);
            }

            var path = pinSource.StartsWith("file:", StringComparison.Ordinal) ? new Uri(pinSource).LocalPath : pinSource;
            try
            {
                return File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KeyProviderException(KeyErrorCode.WrongPin, $"PKCS#11 token '{tokenLabel}': cannot read the PIN from pin-source '{path}' ({e.GetType().Name}).", null, e);
            }
        }

        return _options.Pin ?? Environment.GetEnvironmentVariable(_options.PinEnvironmentVariable);
    }

    private static string RedactPin(string uri)
    {
        var index = uri.IndexOf("pin-value=", StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return uri;
        }

        var end = uri.IndexOf('&', index);
        return uri[..(index + "pin-value=".Length)] + "***" + (end < 0 ? "" : uri[end..]);
    }

    private static IObjectAttribute Attr(CKA type, CKO value) => Pkcs11Modules.Factories.ObjectAttributeFactory.Create(type, value);

    private static IObjectAttribute Attr(CKA type, CKK value) => Pkcs11Modules.Factories.ObjectAttributeFactory.Create(type, value);

    private static IObjectAttribute Attr(CKA type, bool value) => Pkcs11Modules.Factories.ObjectAttributeFactory.Create(type, value);

    private static IObjectAttribute Attr(CKA type, string value) => Pkcs11Modules.Factories.ObjectAttributeFactory.Create(type, value);

    private static IObjectAttribute Attr(CKA type, byte[] value) => Pkcs11Modules.Factories.ObjectAttributeFactory.Create(type, value);

    private static IObjectAttribute Attr(CKA type, ulong value) => Pkcs11Modules.Factories.ObjectAttributeFactory.Create(type, value);

    private sealed record KeyPair(IObjectHandle PrivateKey, IObjectHandle? PublicKey, KeyType KeyType, byte[] SubjectPublicKeyInfo);

    private sealed record KeyView(string KeyId, KeyType KeyType, Dictionary<string, KeyPair> Pairs, Pkcs11KeyMetadata Metadata);

    /// <summary>Orders <c>v2</c> before <c>v10</c>; other ids ordinally after Signet's.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static VersionOrder Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var xn = Number(x);
            var yn = Number(y);
            return xn.HasValue && yn.HasValue ? xn.Value.CompareTo(yn.Value) : xn.HasValue ? -1 : yn.HasValue ? 1 : string.CompareOrdinal(x, y);
        }

        private static int? Number(string? id) =>
            id is { Length: > 1 } && id[0] == 'v' && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
