using System.Diagnostics;
using Signet.Testing;

namespace Signet.IntegrationTests.Cli;

/// <summary>Runs the built <c>signet</c> (Signet.Cli.dll) as a process with its own SIGNET_HOME; every run is bounded.</summary>
internal sealed class SignetProcess : IDisposable
{
    public const string Passphrase = "integration passphrase";

    public SignetProcess()
    {
        Home = Path.Combine(Path.GetTempPath(), "signet-cli-it-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Home);
        DockerConfig = Path.Combine(Home, "docker");
        Directory.CreateDirectory(DockerConfig);
    }

    public string Home { get; }

    /// <summary>An empty DOCKER_CONFIG, so the tests never read the machine's registry credentials.</summary>
    public string DockerConfig { get; }

    public string? PassphraseValue { get; set; } = Passphrase;

    /// <summary>More environment variables for the process (e.g. SOFTHSM2_CONF, SIGNET_PKCS11_PIN); a null value removes one.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public static string Assembly
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Signet.Cli.dll");
            Assert.True(File.Exists(path), $"The signet CLI is not built next to the tests ({path}); build tests/Signet.IntegrationTests.");
            return path;
        }
    }

    public async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string? standardInput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SIGNET_HOME"] = Home;
        start.Environment["DOCKER_CONFIG"] = DockerConfig;
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("SIGNET_PASSPHRASE");
        if (PassphraseValue is not null)
        {
            start.Environment["SIGNET_PASSPHRASE"] = PassphraseValue;
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var result = await BoundedProcess.RunAsync(start, TimeSpan.FromMinutes(3), standardInput);
        return (result.ExitCode, result.Output, result.Error);
    }

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
