namespace Signet.Testing;

/// <summary>
/// Locates the shared test vectors: a <c>shared/vectors</c> folder that is a sibling of the repository (repository at
/// <c>&lt;x&gt;/main</c> or <c>&lt;x&gt;/wt-*</c>, vectors at <c>&lt;x&gt;/shared/vectors</c>), found by walking up from the
/// test binaries; <c>SIGNET_VECTORS</c> overrides. Absent vectors throw, so vector-driven tests fail rather than pass
/// vacuously.
/// </summary>
public static class TestVectors
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The vectors folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>The full path of a file or folder under the vectors folder; throws when it does not exist.</summary>
    public static string Path(string relative)
    {
        var path = System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"The test vector '{relative}' does not exist under {Root}.", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("SIGNET_VECTORS");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden)
                ? System.IO.Path.GetFullPath(overridden)
                : throw new DirectoryNotFoundException($"SIGNET_VECTORS points to '{overridden}', which does not exist.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"The shared test vectors were not found: no 'shared/vectors' folder next to the repository above {AppContext.BaseDirectory}. " +
            "Check them out next to the repository or set SIGNET_VECTORS to their path.");
    }
}
