using Signet.Testing;

namespace Signet.ConformanceTests.Core;

public sealed class TestVectorsTests
{
    [Fact]
    public void Root_FromTestOutputFolder_IsTheSharedVectorsFolder()
    {
        Assert.True(File.Exists(Path.Combine(TestVectors.Root, "README.md")));
        Assert.True(Directory.Exists(Path.Combine(TestVectors.Root, "notation")));
        Assert.Equal("vectors", new DirectoryInfo(TestVectors.Root).Name);
    }

    [Fact]
    public void Path_MissingVector_Throws()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => TestVectors.Path("notation/no-such-file.json"));

        Assert.Contains("notation/no-such-file.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_OutsideTheVectors_Throws()
    {
        Assert.Throws<ArgumentException>(() => TestVectors.Path("../main/README.md"));
        Assert.Throws<ArgumentException>(() => TestVectors.Path("../vectors-other/x"));
    }
}
