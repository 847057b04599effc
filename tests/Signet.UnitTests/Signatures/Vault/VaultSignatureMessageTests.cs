using System.Text;
using System.Text.Json;
using Signet.Signatures.Vault;

namespace Signet.UnitTests.Signatures.Vault;

public sealed class VaultSignatureMessageTests
{
    private const string Digest = "sha256:971918b9cf768e28ac21fd49cc601079b834bb4c953ae176e607a75bb8cae0aa";

    public static TheoryData<string> PythonCases()
    {
        var data = new TheoryData<string>();
        foreach (var item in LoadPythonCases())
        {
            data.Add(item.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PythonCases))]
    public void ToBytes_PythonJsonDumpsVector_ByteIdentical(string name)
    {
        var item = LoadPythonCases().Single(c => c.GetProperty("name").GetString() == name);
        var m = item.GetProperty("message");
        var message = new VaultSignatureMessage
        {
            Description = m.GetProperty("description").GetString()!,
            ImageDigest = m.GetProperty("imageDigest").GetString()!,
            KmsKeyId = m.GetProperty("kmsKeyId").GetString()!,
            KmsKeyVersionId = m.GetProperty("kmsKeyVersionId").GetString()!,
            Metadata = m.GetProperty("metadata").GetString()!,
            Region = m.GetProperty("region").GetString()!,
            RepositoryName = m.GetProperty("repositoryName").GetString()!,
            SigningAlgorithm = m.GetProperty("signingAlgorithm").GetString()!,
        };
        var expected = item.GetProperty("expected").GetString()!;

        Assert.Equal(expected, Encoding.ASCII.GetString(message.ToBytes()));
        Assert.True(VaultSignatureMessage.TryParse(message.ToBytes(), out var parsed, out var error), error);
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void PythonCases_Present()
    {
        Assert.True(LoadPythonCases().Count >= 8);
    }

    [Fact]
    public void ToBytes_NonAsciiAndControls_EscapedAsPythonDoes()
    {
        // Written by hand from json.encoder.py_encode_basestring_ascii: lower-case \u escapes, surrogate pairs, DEL escaped.
        var message = Message("é😀\u2028\u007f\b\f\n\r\t\u0001\"\\");

        Assert.StartsWith("{\"description\":\"\\u00e9\\ud83d\\ude00\\u2028\\u007f\\b\\f\\n\\r\\t\\u0001\\\"\\\\\",", Encoding.ASCII.GetString(message.ToBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_SlashAndHtmlCharacters_NotEscaped()
    {
        Assert.StartsWith("{\"description\":\"a/b<c>&d'e+f\",", Encoding.ASCII.GetString(Message("a/b<c>&d'e+f").ToBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_MemberOrder_IsOracles()
    {
        Assert.Equal(
            "{\"description\":\"d\",\"imageDigest\":\"" + Digest + "\",\"kmsKeyId\":\"signet:k\",\"kmsKeyVersionId\":\"v1\",\"metadata\":\"{\\\"buildNumber\\\":\\\"123\\\"}\",\"region\":\"local\",\"repositoryName\":\"team/app\",\"signingAlgorithm\":\"SHA_256_RSA_PKCS_PSS\"}",
            Encoding.ASCII.GetString((Message("d") with { Metadata = "{\"buildNumber\":\"123\"}" }).ToBytes()));
    }

    public static TheoryData<string, string> NonCanonical() => new()
    {
        { Json().Replace("{\"description\":\"d\",\"imageDigest\"", "{\"imageDigest\"", StringComparison.Ordinal).Replace("\"signingAlgorithm\":", "\"description\":\"d\",\"signingAlgorithm\":", StringComparison.Ordinal), "canonical form" },
        { Json().Replace(",\"region\"", ", \"region\"", StringComparison.Ordinal), "canonical form" },
        { Json().Replace("\"d\"", "\"\\u0064\"", StringComparison.Ordinal), "canonical form" },
        { Json().Replace("\"d\"", "\"é\"", StringComparison.Ordinal), "canonical form" },
        { Json().Replace(",\"region\":\"local\"", string.Empty, StringComparison.Ordinal), "lacks region" },
        { Json().Replace("{\"description\"", "{\"extra\":\"x\",\"description\"", StringComparison.Ordinal), "unknown member 'extra'" },
        { Json().Replace("{\"description\":\"d\"", "{\"description\":\"d\",\"description\":\"d\"", StringComparison.Ordinal), "'description' twice" },
        { Json().Replace("\"local\"", "1", StringComparison.Ordinal), "'region' is a JSON number" },
        { "[]", "not a JSON object" },
        { "{", "not valid JSON" },
        { Json().Replace("\"metadata\":\"\"", "\"metadata\":\"{\\\"b\\\":\\\"1\\\",\\\"a\\\":\\\"2\\\"}\"", StringComparison.Ordinal), "not sorted" },
    };

    [Theory]
    [MemberData(nameof(NonCanonical))]
    public void TryParse_BadMessage_ReturnsReason(string json, string expected)
    {
        Assert.False(VaultSignatureMessage.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error));
        Assert.Null(message);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("{\"buildNumber\":\"123\"}", true)]
    [InlineData("{\"a\":\"1\",\"b\":2,\"c\":true,\"d\":null,\"e\":[1,\"x\"],\"f\":{\"g\":\"h\"}}", true)]
    [InlineData("{\"b\":\"1\",\"a\":\"2\"}", false)]
    [InlineData("{\"a\":\"1\",\"a\":\"2\"}", false)]
    [InlineData("{\"a\": \"1\"}", false)]
    [InlineData(" {\"a\":\"1\"}", false)]
    [InlineData("{\"build-number\":\"1\"}", false)]
    [InlineData("{\"\":\"1\"}", false)]
    [InlineData("[\"a\"]", false)]
    [InlineData("\"text\"", false)]
    [InlineData("{not json}", false)]
    public void IsValidMetadata_OracleRules(string metadata, bool valid)
    {
        Assert.Equal(valid, VaultSignatureMessage.IsValidMetadata(metadata, out var error));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void CreateMetadata_UnsortedInput_SortedCompactJson()
    {
        var metadata = VaultSignatureMessage.CreateMetadata(new Dictionary<string, string> { ["team"] = "blue", ["build"] = "42", ["Note"] = "café" });

        Assert.Equal("{\"Note\":\"caf\\u00e9\",\"build\":\"42\",\"team\":\"blue\"}", metadata);
        Assert.True(VaultSignatureMessage.IsValidMetadata(metadata, out _));
        Assert.Equal(string.Empty, VaultSignatureMessage.CreateMetadata(null));
    }

    [Theory]
    [InlineData("build-number")]
    [InlineData("")]
    [InlineData("naïve")]
    public void CreateMetadata_NonAlphanumericKey_Throws(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => VaultSignatureMessage.CreateMetadata(new Dictionary<string, string> { [key] = "x" }));

        Assert.Contains("letters or digits", error.Message, StringComparison.Ordinal);
    }

    private static VaultSignatureMessage Message(string description) => new()
    {
        Description = description,
        ImageDigest = Digest,
        KmsKeyId = "signet:k",
        KmsKeyVersionId = "v1",
        Metadata = string.Empty,
        Region = "local",
        RepositoryName = "team/app",
        SigningAlgorithm = "SHA_256_RSA_PKCS_PSS",
    };

    private static string Json() => Encoding.ASCII.GetString(Message("d").ToBytes());

    private static List<JsonElement> LoadPythonCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Signatures", "Vault", "TestData", "python-json-dumps.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
