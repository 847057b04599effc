namespace Signet.Testing;

/// <summary>
/// Locates the shared test vectors (<c>shared/vectors</c>, a sibling of the repository: repo at <c>&lt;x&gt;/main</c>,
/// vectors at <c>&lt;x&gt;/shared/vectors</c>) from any clone location, or from the <c>SIGNET_VECTORS</c> environment
/// variable. Missing vectors THROW: a conformance test must fail, never pass vacuously, when its data is absent.
/// </summary>
public static class TestVectors
{
    /// <summary>Environment variable that overrides the search with an explicit vectors folder.</summary>
    public const string EnvironmentVariable = "SIGNET_VECTORS";

    private static readonly Lazy<string> s_root = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The full path of the vectors folder (the one holding <c>README.md</c> and <c>notation/</c>…).</summary>
    public static string Root => s_root.Value;

    /// <summary>The full path of <paramref name="relative"/> under <see cref="Root"/>; throws when it does not exist.</summary>
    public static string Path(string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(relative);
        var root = Root;
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, relative));
        if (!full.StartsWith(System.IO.Path.TrimEndingDirectorySeparator(root) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relative}' points outside the vectors folder '{root}'.", nameof(relative));
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"The test vector '{relative}' does not exist under '{root}'. The vectors are incomplete or moved; restore shared/vectors.", full);
        }

        return full;
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var full = System.IO.Path.GetFullPath(fromEnvironment);
            return Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} is '{fromEnvironment}', which is not a directory.");
        }

        var searched = new List<string>();
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared", "vectors");
            searched.Add(candidate);
            if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "The shared test vectors were not found. They live in a folder 'shared/vectors' next to the repository " +
            "(repository at <x>/main, vectors at <x>/shared/vectors), or set " + EnvironmentVariable + " to their path. " +
            "Searched: " + string.Join(", ", searched));
    }
}
