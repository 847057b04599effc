using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Signet.Keys.Pkcs11;

/// <summary>
/// The PKCS#11 modules loaded in this process. A module is process-global state (one <c>C_Initialize</c> per process),
/// so every provider shares one loaded instance per path and nothing finalizes it while the process runs.
/// </summary>
internal static class Pkcs11Modules
{
    private static readonly ConcurrentDictionary<string, IPkcs11Library> s_modules = new(StringComparer.Ordinal);
    private static readonly Lock s_loadLock = new();
    private static readonly string[] s_dlopenLibraries = ["libdl.so.2", "libc.so.6", "libdl.so", "libSystem.dylib"];
    private static bool s_resolverSet;

    /// <summary>The factories every Signet PKCS#11 object is made with.</summary>
    public static Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>True once <paramref name="modulePath"/> is loaded in this process.</summary>
    public static bool IsLoaded(string modulePath) => s_modules.ContainsKey(Path.GetFullPath(modulePath));

    /// <summary>The loaded module; loads it on first use. Throws <see cref="KeyProviderException"/> naming the cause.</summary>
    public static IPkcs11Library Get(string modulePath)
    {
        var path = Path.GetFullPath(modulePath);
        if (s_modules.TryGetValue(path, out var loaded))
        {
            return loaded;
        }

        lock (s_loadLock)
        {
            if (s_modules.TryGetValue(path, out loaded))
            {
                return loaded;
            }

            if (!File.Exists(path))
            {
                throw new KeyProviderException(KeyErrorCode.ModuleNotFound, $"PKCS#11 module '{path}' does not exist; install the token's PKCS#11 library (SoftHSM2: apt-get install softhsm2) or fix module-path.");
            }

            SetDlopenResolver();
            try
            {
                loaded = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded);
            }
            catch (Exception e) when (e is UnmanagedException or Pkcs11Exception or DllNotFoundException or EntryPointNotFoundException)
            {
                throw new KeyProviderException(KeyErrorCode.ModuleNotFound, $"PKCS#11 module '{path}' could not be loaded ({e.GetType().Name}: {e.Message}); is it a PKCS#11 library for this platform?", null, e);
            }

            s_modules[path] = loaded;
            return loaded;
        }
    }

    // Pkcs11Interop 5.3 binds dlopen to "libdl", which glibc 2.34+ only ships as libdl.so.2 (libdl.so comes with
    // libc6-dev): map it, as the maintainer advises (https://github.com/Pkcs11Interop/Pkcs11Interop/issues/239).
    private static void SetDlopenResolver()
    {
        if (s_resolverSet || OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, static (name, assembly, searchPath) =>
            {
                if (name != "libdl")
                {
                    return IntPtr.Zero;
                }

                foreach (var candidate in s_dlopenLibraries)
                {
                    if (NativeLibrary.TryLoad(candidate, out var handle))
                    {
                        return handle;
                    }
                }

                return IntPtr.Zero;
            });
        }
        catch (InvalidOperationException)
        {
            // The host already set a resolver for Pkcs11Interop; it owns the mapping.
        }

        s_resolverSet = true;
    }
}
