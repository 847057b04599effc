namespace Signet.Testing;

/// <summary>
/// Locates the shared test vectors (<c>shared/vectors</c>, a sibling of the repository: repo at <c>&lt;x&gt;/main</c> or
/// <c>&lt;x&gt;/wt-*</c>, vectors at <c>&lt;x&gt;/shared/vectors</c>) from any clone location. <c>SIGNET_VECTORS</c>
/// overrides. Throws when they are absent, so vector-driven tests fail rather than pass on nothing.
/// </summary>
public static class TestVectors
{
    private static readonly Lazy<string> s_root = new(Locate);

    /// <summary>The vectors folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>The full path of <paramref name="relative"/> under <see cref="Root"/>; throws when it does not exist.</summary>
    public static string Path(string relative)
    {
        var path = System.IO.Path.Combine(Root, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Test vector '{relative}' is missing under {Root}.", path);
        }

        return path;
    }

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("SIGNET_VECTORS");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden)
                ? overridden
                : throw new DirectoryNotFoundException($"SIGNET_VECTORS points at '{overridden}', which does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"The shared test vectors were not found: no 'shared/vectors' folder beside any parent of {AppContext.BaseDirectory}. "
            + "Put the repository next to shared/ (<x>/main and <x>/shared/vectors) or set SIGNET_VECTORS.");
    }
}
