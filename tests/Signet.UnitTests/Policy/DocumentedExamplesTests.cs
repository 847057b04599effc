using Signet.Policy.Loading;

namespace Signet.UnitTests.Policy;

/// <summary>The policies shown in docs/ must load: a documentation example that does not is a bug.</summary>
public sealed class DocumentedExamplesTests
{
    [Theory]
    [InlineData("oke-style.yaml", 1)]
    [InlineData("notation-style.yaml", 3)]
    public async Task Example_InDocs_Loads(string file, int rules)
    {
        var result = await PolicyLoader.LoadFileAsync(Path.Combine(FindDocs(), "examples", file));

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(rules, result.Policy!.Rules.Count);
    }

    private static string FindDocs()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var docs = Path.Combine(directory.FullName, "docs", "examples");
            if (Directory.Exists(docs) && File.Exists(Path.Combine(directory.FullName, "Signet.slnx")))
            {
                return Path.Combine(directory.FullName, "docs");
            }
        }

        throw new DirectoryNotFoundException($"docs/examples not found above {AppContext.BaseDirectory}; the test runs from a clone of the repository.");
    }
}
