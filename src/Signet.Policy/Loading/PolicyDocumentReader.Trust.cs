using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Policy.Model;
using Signet.Signatures.Notation.Trust;
using YamlDotNet.RepresentationModel;

namespace Signet.Policy.Loading;

/// <summary>The <c>trust</c> section: vault keys, cosign keys and the Notary Project trust policy with its stores.</summary>
internal sealed partial class PolicyDocumentReader
{
    private const int MaxReferencedFileBytes = 4 * 1024 * 1024;
    private static readonly string[] s_trustStoreTypes = ["ca", "signingAuthority", "tsa"];

    private RuleTrust ReadTrust(YamlNode? node, string path)
    {
        var mapping = _r.Mapping(node, path, "vaultKeys", "cosign", "notation");
        if (mapping is null)
        {
            return RuleTrust.None;
        }

        return new RuleTrust
        {
            VaultKeys = ReadVaultKeys(YamlNodeReader.Get(mapping, "vaultKeys"), path + ".vaultKeys"),
            Cosign = ReadCosign(YamlNodeReader.Get(mapping, "cosign"), path + ".cosign"),
            Notation = ReadNotation(YamlNodeReader.Get(mapping, "notation"), path + ".notation"),
        };
    }

    private List<VaultKeyTrust> ReadVaultKeys(YamlNode? node, string path)
    {
        var keys = new List<VaultKeyTrust>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, itemPath) in _r.Sequence(node, path))
        {
            string keyId;
            List<string> versions = [];
            YamlNode keyNode = item;
            if (item is YamlScalarNode)
            {
                keyId = _r.String(item, itemPath, required: true) ?? string.Empty;
            }
            else
            {
                var key = _r.Mapping(item, itemPath, "keyId", "versions");
                if (key is null)
                {
                    continue;
                }

                keyNode = YamlNodeReader.Get(key, "keyId") ?? item;
                keyId = _r.RequiredString(key, "keyId", itemPath);
                versions = _r.StringList(YamlNodeReader.Get(key, "versions"), itemPath + ".versions");
                if (versions.Distinct(StringComparer.Ordinal).Count() != versions.Count)
                {
                    _r.Error(YamlNodeReader.Get(key, "versions"), itemPath + ".versions", "a version is listed twice.");
                }
            }

            if (keyId.Length == 0)
            {
                continue;
            }

            if (keyId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || keyId.Length > 1024)
            {
                _r.Error(keyNode, itemPath, $"'{keyId}' is not a key id (no whitespace, at most 1024 characters).");
                continue;
            }

            if (!seen.Add(keyId))
            {
                _r.Error(keyNode, itemPath, $"the key '{keyId}' is listed twice in this rule; merge the version pins into one entry.");
                continue;
            }

            keys.Add(new VaultKeyTrust(keyId, versions, _r.Location(keyNode)));
        }

        return keys;
    }

    private CosignTrust? ReadCosign(YamlNode? node, string path)
    {
        var mapping = _r.Mapping(node, path, "keys", "threshold");
        if (mapping is null)
        {
            return null;
        }

        var keys = new List<CosignPublicKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keysNode = YamlNodeReader.Get(mapping, "keys");
        var errorsBeforeKeys = _r.ErrorCount;
        foreach (var (item, itemPath) in _r.Sequence(keysNode, path + ".keys"))
        {
            var key = _r.Mapping(item, itemPath, "name", "pem", "file");
            if (key is null)
            {
                continue;
            }

            var pemNode = YamlNodeReader.Get(key, "pem");
            var fileNode = YamlNodeReader.Get(key, "file");
            var name = _r.String(YamlNodeReader.Get(key, "name"), itemPath + ".name");
            string? pem = null;
            if ((pemNode is null) == (fileNode is null))
            {
                _r.Error(item, itemPath, "give exactly one of 'pem' (the PUBLIC KEY block inline) or 'file' (a path relative to the policy file).");
                continue;
            }

            if (pemNode is not null)
            {
                pem = _r.String(pemNode, itemPath + ".pem", required: true);
                name ??= $"key {keys.Count + 1}";
            }
            else
            {
                var file = _r.String(fileNode, itemPath + ".file", required: true);
                if (file is not null)
                {
                    pem = ReadReferencedText(fileNode!, itemPath + ".file", file);
                    name ??= Path.GetFileName(file);
                }
            }

            if (pem is null)
            {
                continue;
            }

            if (!TryReadPublicKey(pem, out var keyId, out var error))
            {
                _r.Error(pemNode ?? fileNode, itemPath + (pemNode is null ? ".file" : ".pem"), error);
                continue;
            }

            if (!seen.Add(keyId))
            {
                _r.Error(item, itemPath, $"the public key {keyId} is listed twice; a threshold counts distinct keys.");
                continue;
            }

            keys.Add(new CosignPublicKey(name!, pem.Trim() + "\n", keyId));
        }

        if (keys.Count == 0 && _r.ErrorCount == errorsBeforeKeys)
        {
            _r.Error(keysNode ?? mapping, path + ".keys", "cosign trust needs at least one public key.");
        }

        var thresholdNode = YamlNodeReader.Get(mapping, "threshold");
        var threshold = _r.Int(thresholdNode, path + ".threshold", 1, 1000) ?? 1;
        if (thresholdNode is not null && keys.Count > 0 && threshold > keys.Count)
        {
            _r.Error(thresholdNode, path + ".threshold", $"the threshold {threshold} exceeds the {keys.Count} keys listed, so no image could ever pass.");
        }

        return new CosignTrust { Keys = keys, Threshold = threshold };
    }

    /// <summary>Reads a PEM SubjectPublicKeyInfo and returns its fingerprint, the id verifiers report for bare keys.</summary>
    internal static bool TryReadPublicKey(string pem, out string keyId, out string error)
    {
        keyId = string.Empty;
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "not a PEM block; expected -----BEGIN PUBLIC KEY-----.";
            return false;
        }

        var label = pem.AsSpan()[fields.Label];
        if (!label.SequenceEqual("PUBLIC KEY"))
        {
            error = $"the PEM block is '{label}'; expected 'PUBLIC KEY' (never put a private key in a policy).";
            return false;
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written))
        {
            error = "the PEM body is not valid base64.";
            return false;
        }

        try
        {
            var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(der.AsSpan(0, written), out var read);
            if (read != written || (publicKey.GetRSAPublicKey() is null && publicKey.GetECDsaPublicKey() is null))
            {
                error = "the public key is neither RSA nor ECDSA.";
                return false;
            }
        }
        catch (CryptographicException ex)
        {
            error = $"the public key does not parse: {ex.Message}";
            return false;
        }

        keyId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(der.AsSpan(0, written)));
        error = string.Empty;
        return true;
    }

    private NotationTrust? ReadNotation(YamlNode? node, string path)
    {
        var mapping = _r.Mapping(node, path, "trustPolicy", "trustPolicyFile", "trustStores");
        if (mapping is null)
        {
            return null;
        }

        var policyNode = YamlNodeReader.Get(mapping, "trustPolicy");
        var fileNode = YamlNodeReader.Get(mapping, "trustPolicyFile");
        YamlNode? document = policyNode;
        var documentPath = path + ".trustPolicy";
        YamlNodeReader reader = _r;
        if ((policyNode is null) == (fileNode is null))
        {
            _r.Error(mapping, path, "give exactly one of 'trustPolicy' (the trust policy document inline) or 'trustPolicyFile' (a trustpolicy.json path).");
            return null;
        }

        if (fileNode is not null)
        {
            var file = _r.String(fileNode, path + ".trustPolicyFile", required: true);
            var text = file is null ? null : ReadReferencedText(fileNode, path + ".trustPolicyFile", file);
            if (text is null)
            {
                return null;
            }

            // The trust policy file is JSON, which YAML reads too: errors inside it then point into that file.
            var errorsBefore = _r.ErrorCount;
            reader = _r.WithFile(ResolvePath(file!));
            document = PolicyLoader.ParseSingleDocument(text, reader);
            if (document is null || _r.ErrorCount > errorsBefore)
            {
                return null;
            }

            documentPath = string.Empty;
        }

        var stores = ReadTrustStores(YamlNodeReader.Get(mapping, "trustStores"), path + ".trustStores");
        var json = ToJson(document!);
        if (ReadTrustPolicyDocument(reader, document!, json, documentPath, stores) is not { } read)
        {
            return null;
        }

        return new NotationTrust
        {
            TrustPolicyJson = json,
            Document = read.Document,
            Statements = read.Statements,
            TrustStores = stores,
        };
    }

    // The Notary Project rules are checked by the verifier's own TrustPolicyDocument, over the exact JSON the verifier
    // is given: one validator, so a policy that loads is a policy the verifier accepts. This reader adds what only the
    // policy knows (are the named trust stores defined?) and points every error at the statement it concerns.
    private static (List<NotationTrustStatement> Statements, TrustPolicyDocument Document)? ReadTrustPolicyDocument(
        YamlNodeReader r, YamlNode document, string json, string path, Dictionary<string, IReadOnlyList<byte[]>> stores)
    {
        if (document is not YamlMappingNode)
        {
            r.Error(document, path, "expected a Notary Project trust policy document: {\"version\": \"1.0\", \"trustPolicies\": [...]}.");
            return null;
        }

        // Statement names to their YAML node and path, so errors naming a statement point at it.
        var listPath = YamlNodeReader.Join(path, "trustPolicies");
        var statementNodes = new List<(string Name, YamlNode Node, string Path)>();
        if (YamlNodeReader.Get((YamlMappingNode)document, "trustPolicies") is YamlSequenceNode list)
        {
            var index = 0;
            foreach (var item in list)
            {
                var name = item is YamlMappingNode m && YamlNodeReader.Get(m, "name") is YamlScalarNode { Value: { } n } ? n : string.Empty;
                statementNodes.Add((name, item, $"{listPath}[{index++}]"));
            }
        }

        if (!TrustPolicyDocument.TryParse(json, out var parsed, out var errors))
        {
            foreach (var error in errors)
            {
                var (node, errorPath) = statementNodes
                    .Where(s => s.Name.Length > 0 && error.Contains($"statement '{s.Name}'", StringComparison.Ordinal))
                    .Select(s => (s.Node, s.Path))
                    .FirstOrDefault((document, path));
                r.Error(node, errorPath, error);
            }

            return null;
        }

        var defined = true;
        for (var i = 0; i < parsed.Statements.Count; i++)
        {
            foreach (var store in parsed.Statements[i].TrustStores.Select(t => t.ToString()).Where(t => !stores.ContainsKey(t)))
            {
                var (node, statementPath) = i < statementNodes.Count ? (statementNodes[i].Node, statementNodes[i].Path) : (document, path);
                var storesNode = node is YamlMappingNode m ? YamlNodeReader.Get(m, "trustStores") ?? node : node;
                r.Error(storesNode, statementPath + ".trustStores",
                    $"the trust store '{store}' is not defined; defined stores: {(stores.Count == 0 ? "none" : string.Join(", ", stores.Keys.Order(StringComparer.Ordinal)))}. Add it under notation.trustStores (inline or directory).");
                defined = false;
            }
        }

        return defined
            ? (parsed.Statements.Select(s => new NotationTrustStatement(s.Name, s.RegistryScopes, s.Level.ToString().ToLowerInvariant())).ToList(), parsed)
            : null;
    }

    private Dictionary<string, IReadOnlyList<byte[]>> ReadTrustStores(YamlNode? node, string path)
    {
        var stores = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal);
        var mapping = _r.Mapping(node, path, "directory", "inline");
        if (mapping is null)
        {
            return stores;
        }

        var directoryNode = YamlNodeReader.Get(mapping, "directory");
        if (_r.String(directoryNode, path + ".directory") is { } directory)
        {
            if (_baseDirectory is null && !Path.IsPathRooted(directory))
            {
                _r.Error(directoryNode, path + ".directory", $"'{directory}' is a relative path but the policy was not loaded from a file; use an absolute path.");
            }
            else
            {
                try
                {
                    ReadTrustStoreDirectory(directoryNode!, path + ".directory", ResolvePath(directory), stores);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _r.Error(directoryNode, path + ".directory", $"the trust store directory cannot be read: {ex.Message}");
                }
            }
        }

        var inline = _r.AnyMapping(YamlNodeReader.Get(mapping, "inline"), path + ".inline");
        if (inline is not null)
        {
            foreach (var (k, v) in inline.Children)
            {
                var storeName = (k as YamlScalarNode)?.Value ?? string.Empty;
                var storePath = path + ".inline." + storeName;
                var colon = storeName.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !s_trustStoreTypes.Contains(storeName[..colon], StringComparer.Ordinal) || !IsStoreName(storeName[(colon + 1)..]))
                {
                    _r.Error(k, storePath, $"'{storeName}' is not '<type>:<name>' with type ca, signingAuthority or tsa and a name of [A-Za-z0-9_.-].");
                    continue;
                }

                var pem = _r.String(v, storePath, required: true);
                if (pem is null)
                {
                    continue;
                }

                var certificates = ReadCertificates(pem, v, storePath);
                if (certificates.Count > 0 && !stores.TryAdd(storeName, certificates))
                {
                    _r.Error(k, storePath, $"the trust store '{storeName}' is also defined in the directory; define it once.");
                }
            }
        }

        return stores;
    }

    private void ReadTrustStoreDirectory(YamlNode node, string path, string directory, Dictionary<string, IReadOnlyList<byte[]>> stores)
    {
        var x509 = Path.Combine(directory, "x509");
        if (!Directory.Exists(x509))
        {
            _r.Error(node, path, $"'{directory}' is not a Notary Project trust store directory: '{x509}' does not exist (expected x509/<ca|signingAuthority|tsa>/<name>/<certificates>).");
            return;
        }

        foreach (var type in s_trustStoreTypes)
        {
            var typeDirectory = Path.Combine(x509, type);
            if (!Directory.Exists(typeDirectory))
            {
                continue;
            }

            foreach (var storeDirectory in Directory.EnumerateDirectories(typeDirectory).Order(StringComparer.Ordinal))
            {
                var storeName = Path.GetFileName(storeDirectory);
                var certificates = new List<byte[]>();
                foreach (var file in Directory.EnumerateFiles(storeDirectory).Order(StringComparer.Ordinal))
                {
                    if (new FileInfo(file).LinkTarget is not null)
                    {
                        _r.Error(node, path, $"'{file}' is a symbolic link; trust store files must be regular files.");
                        continue;
                    }

                    var bytes = File.ReadAllBytes(file);
                    var text = Encoding.UTF8.GetString(bytes);
                    if (text.Contains("-----BEGIN", StringComparison.Ordinal))
                    {
                        certificates.AddRange(ReadCertificates(text, node, $"{path} ({file})"));
                    }
                    else
                    {
                        try
                        {
                            using var certificate = X509CertificateLoader.LoadCertificate(bytes);
                            certificates.Add(certificate.RawData);
                        }
                        catch (CryptographicException ex)
                        {
                            _r.Error(node, path, $"'{file}' is neither PEM nor a DER certificate: {ex.Message}");
                        }
                    }
                }

                if (certificates.Count == 0)
                {
                    _r.Error(node, path, $"the trust store '{type}:{storeName}' ({storeDirectory}) holds no certificate.");
                    continue;
                }

                stores[$"{type}:{storeName}"] = certificates;
            }
        }
    }

    private List<byte[]> ReadCertificates(string pem, YamlNode node, string path)
    {
        var certificates = new List<byte[]>();
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            foreach (var certificate in collection)
            {
                certificates.Add(certificate.RawData);
                certificate.Dispose();
            }
        }
        catch (CryptographicException ex)
        {
            _r.Error(node, path, $"the PEM certificates do not parse: {ex.Message}");
            return [];
        }

        if (certificates.Count == 0)
        {
            _r.Error(node, path, "no -----BEGIN CERTIFICATE----- block found.");
        }

        return certificates;
    }

    private static bool IsStoreName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private string ResolvePath(string file) =>
        Path.IsPathRooted(file) || _baseDirectory is null ? file : Path.GetFullPath(Path.Combine(_baseDirectory, file));

    private string? ReadReferencedText(YamlNode node, string path, string file)
    {
        if (_baseDirectory is null && !Path.IsPathRooted(file))
        {
            _r.Error(node, path, $"'{file}' is a relative path but the policy was not loaded from a file; use an absolute path or inline the content.");
            return null;
        }

        var full = ResolvePath(file);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            _r.Error(node, path, $"the file '{full}' does not exist.");
            return null;
        }

        if (info.Length > MaxReferencedFileBytes)
        {
            _r.Error(node, path, $"the file '{full}' is {info.Length} bytes; the limit is {MaxReferencedFileBytes}.");
            return null;
        }

        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _r.Error(node, path, $"the file '{full}' cannot be read: {ex.Message}");
            return null;
        }
    }

    /// <summary>Writes a YAML node as compact JSON with every scalar as a string (the trust policy has no other scalar type).</summary>
    internal static string ToJson(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());

        static void Write(Utf8JsonWriter writer, YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    writer.WriteStartObject();
                    foreach (var (k, v) in mapping.Children)
                    {
                        writer.WritePropertyName((k as YamlScalarNode)?.Value ?? string.Empty);
                        Write(writer, v);
                    }

                    writer.WriteEndObject();
                    break;
                case YamlSequenceNode sequence:
                    writer.WriteStartArray();
                    foreach (var item in sequence.Children)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                case YamlScalarNode scalar:
                    writer.WriteStringValue(scalar.Value);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }
    }
}
