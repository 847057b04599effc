using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Signet.Core.IO;
using Signet.Keys;
using Signet.Keys.Embedded;
using Signet.Testing.Keys;

namespace Signet.UnitTests.Keys;

/// <summary>Corrupted files, failures mid-write and secrets: the store fails clearly and leaves the disk as it was.</summary>
public sealed class EmbeddedKeyStoreDamageTests : IDisposable
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("payload");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CollectingLogger<EmbeddedKeyStore> _log = new();
    private readonly TemporaryKeyStore _keys;

    public EmbeddedKeyStoreDamageTests() => _keys = new TemporaryKeyStore(_time, logger: _log);

    public void Dispose() => _keys.Dispose();

    public static TheoryData<string> Damages() =>
    [
        "truncated", "empty", "garbage", "flipped-ciphertext", "flipped-tag", "swapped-sealed-keys", "other-public-key",
        "renamed", "no-versions", "two-primaries", "unknown-field", "low-iterations", "huge-iterations", "bad-nonce", "unknown-key-type",
    ];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task DamagedKeyFile_SignAndRotate_ThrowKeyFileCorruptAndChangeNothing(string damage)
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        await _keys.Store.RotateKeyAsync("release");
        var path = _keys.KeyFilePath("release");
        var damaged = Damage(await File.ReadAllBytesAsync(path), damage);
        await File.WriteAllBytesAsync(path, damaged);

        var sign = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.SignAsync("release", "v1", SigningAlgorithm.EcdsaSha256, s_message));
        var rotate = await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Store.RotateKeyAsync("release"));

        Assert.Equal(KeyErrorCode.KeyFileCorrupt, sign.Code);
        Assert.Equal(KeyErrorCode.KeyFileCorrupt, rotate.Code);
        Assert.Contains("signet:release", sign.Message, StringComparison.Ordinal);
        Assert.Equal(damaged, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.GetFiles(_keys.KeyDirectory, AtomicFileWriter.TempPrefix + "*"));
    }

    [Fact]
    public async Task ListKeys_OneDamagedFile_ListsTheOthersAndLogsTheDamagedOne()
    {
        await _keys.Store.CreateKeyAsync("good", KeyType.EcP256);
        await _keys.Store.CreateKeyAsync("bad", KeyType.EcP256);
        await File.WriteAllTextAsync(_keys.KeyFilePath("bad"), "{\"format\":");

        var keys = await _keys.Store.ListKeysAsync();

        Assert.Equal("good", Assert.Single(keys).Name);
        Assert.Contains(_log.Messages, m => m.Contains("bad.json", StringComparison.Ordinal) && m.Contains("corrupted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task Rotate_WriteFailsMidway_FileUnchangedAndNoTemporaryFileLeft(int failAfterBytes)
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.EcP256);
        var path = _keys.KeyFilePath("release");
        var before = await File.ReadAllBytesAsync(path);
        using var store = new EmbeddedKeyStore(Options.Create(_keys.Options), _time, NullLogger.Instance, inner => new FailingStream(inner, failAfterBytes));

        var e = await Assert.ThrowsAsync<KeyProviderException>(() => store.RotateKeyAsync("release"));

        Assert.Equal(KeyErrorCode.StorageFailure, e.Code);
        Assert.Contains("nothing was changed", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.GetFiles(_keys.KeyDirectory, AtomicFileWriter.TempPrefix + "*"));
        Assert.Equal(["v1"], (await _keys.Store.GetKeyAsync("release")).Versions.Select(v => v.Id));
        Assert.Equal("v1", (await _keys.Store.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message)).VersionId);
    }

    [Fact]
    public async Task CreateKey_WriteFailsMidway_NoKeyFileLeft()
    {
        using var store = new EmbeddedKeyStore(Options.Create(_keys.Options), _time, NullLogger.Instance, inner => new FailingStream(inner, 10));

        await Assert.ThrowsAsync<KeyProviderException>(() => store.CreateKeyAsync("release", KeyType.EcP256));

        Assert.False(File.Exists(_keys.KeyFilePath("release")));
        Assert.Empty(Directory.GetFiles(_keys.KeyDirectory, AtomicFileWriter.TempPrefix + "*"));
        Assert.Equal("v1", Assert.Single((await _keys.Store.CreateKeyAsync("release", KeyType.EcP256)).Versions).Id);
    }

    [Fact]
    public async Task Secrets_NeverInMessagesLogsOrToString()
    {
        var pkcs8Marker = await CreateAndReadPrivateKeyAsync();
        var texts = new List<string>();
        var signature = await _keys.Vault.SignAsync("release", null, SigningAlgorithm.RsaPssSha256, s_message);
        texts.Add(signature.ToString());
        texts.Add((await _keys.Vault.GetKeyAsync("release")).ToString());
        texts.Add((await _keys.Vault.GetPublicKeyAsync("release")).ToString());
        texts.Add(_keys.Store.ToString());
        texts.Add(_keys.Vault.ToString());
        _keys.Passphrase = "wrong " + TemporaryKeyStore.DefaultPassphrase;
        texts.Add((await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SignAsync("release", null, SigningAlgorithm.RsaPssSha256, s_message))).ToString());
        texts.Add((await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SignAsync("release", null, SigningAlgorithm.EcdsaSha256, s_message))).ToString());
        _keys.Passphrase = TemporaryKeyStore.DefaultPassphrase;
        texts.Add((await Assert.ThrowsAsync<KeyProviderException>(() => _keys.Vault.SignAsync("release", "v7", SigningAlgorithm.RsaPssSha256, s_message))).ToString());
        texts.AddRange(_log.Messages);

        Assert.NotEmpty(_log.Messages);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(TemporaryKeyStore.DefaultPassphrase, text, StringComparison.Ordinal);
            Assert.DoesNotContain(pkcs8Marker, text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeyFile_DoesNotContainPrivateKeyOrPassphraseInClear()
    {
        var pkcs8Marker = await CreateAndReadPrivateKeyAsync();

        var file = await File.ReadAllTextAsync(_keys.KeyFilePath("release"));

        Assert.DoesNotContain(pkcs8Marker, file, StringComparison.Ordinal);
        Assert.DoesNotContain(TemporaryKeyStore.DefaultPassphrase, file, StringComparison.Ordinal);
    }

    // Returns base64 of a slice of the private key's PKCS#8 (opened the way the store does), to search texts for it.
    private async Task<string> CreateAndReadPrivateKeyAsync()
    {
        await _keys.Store.CreateKeyAsync("release", KeyType.Rsa2048);
        var document = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(_keys.KeyFilePath("release")), KeyFileJsonContext.Default.KeyFileDocument)!;
        using var protector = new KeyFileProtector();
        var key = protector.TryUnlock(TemporaryKeyStore.DefaultPassphrase, document.Kdf)!;
        var version = document.Versions[0];
        var aad = Encoding.UTF8.GetBytes($"signet.key.v1|release|v1|{Convert.ToBase64String(version.PublicKey)}");
        var pkcs8 = KeyFileProtector.Open(key, version.PrivateKey!, aad);
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        Assert.Equal(version.PublicKey, rsa.ExportSubjectPublicKeyInfo());
        return Convert.ToBase64String(pkcs8.AsSpan(pkcs8.Length - 48, 24));
    }

    private static byte[] Damage(byte[] file, string damage)
    {
        JsonNode Root() => JsonNode.Parse(file)!;
        byte[] Write(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
        JsonNode root;
        switch (damage)
        {
            case "truncated":
                return file[..(file.Length / 2)];
            case "empty":
                return [];
            case "garbage":
                return Encoding.UTF8.GetBytes("\u0000\u0001not json at all");
            case "flipped-ciphertext":
                root = Root();
                root["versions"]![0]!["privateKey"]!["ciphertext"] = FlipBase64(root["versions"]![0]!["privateKey"]!["ciphertext"]!.GetValue<string>());
                return Write(root);
            case "flipped-tag":
                root = Root();
                root["versions"]![0]!["privateKey"]!["tag"] = FlipBase64(root["versions"]![0]!["privateKey"]!["tag"]!.GetValue<string>());
                return Write(root);
            case "swapped-sealed-keys":
                root = Root();
                var first = root["versions"]![0]!["privateKey"]!.DeepClone();
                root["versions"]![0]!["privateKey"] = root["versions"]![1]!["privateKey"]!.DeepClone();
                root["versions"]![1]!["privateKey"] = first;
                return Write(root);
            case "other-public-key":
                root = Root();
                root["versions"]![0]!["publicKey"] = root["versions"]![1]!["publicKey"]!.GetValue<string>();
                return Write(root);
            case "renamed":
                root = Root();
                root["name"] = "other";
                return Write(root);
            case "no-versions":
                root = Root();
                root["versions"] = new JsonArray();
                return Write(root);
            case "two-primaries":
                root = Root();
                root["versions"]![0]!["primary"] = true;
                return Write(root);
            case "unknown-field":
                root = Root();
                root["plaintextKey"] = "AAAA";
                return Write(root);
            case "low-iterations":
                root = Root();
                root["kdf"]!["iterations"] = 1000;
                return Write(root);
            case "huge-iterations":
                root = Root();
                root["kdf"]!["iterations"] = int.MaxValue;
                return Write(root);
            case "bad-nonce":
                root = Root();
                root["versions"]![0]!["privateKey"]!["nonce"] = "AAAA";
                return Write(root);
            case "unknown-key-type":
                root = Root();
                root["keyType"] = "Dsa1024";
                return Write(root);
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    private static string FlipBase64(string value)
    {
        var bytes = Convert.FromBase64String(value);
        bytes[bytes.Length / 2] ^= 0x40;
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Passes writes through until a byte budget is spent, then fails like a full disk.</summary>
    private sealed class FailingStream(Stream inner, int budget) : Stream
    {
        private int _remaining = budget;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var allowed = Math.Min(_remaining, buffer.Length);
            await inner.WriteAsync(buffer[..allowed], cancellationToken);
            _remaining -= allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException("No space left on device (simulated).");
            }
        }
    }
}
