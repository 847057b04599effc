using Signet.Core.Errors;

namespace Signet.Registry.Authentication;

/// <summary>
/// Docker's <c>config.json</c> on disk, re-read when the file changes (so <c>docker login</c> takes effect without a
/// restart); a malformed file fails the call with a message naming the file.
/// </summary>
internal sealed class DockerConfigFileCredentialProvider(string path, TimeSpan helperTimeout) : IRegistryCredentialProvider
{
    private readonly Lock _lock = new();
    private (DateTime WrittenAt, DockerConfigCredentialProvider Provider)? _loaded;

    public string Description => $"docker config {path}";

    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default)
    {
        var writtenAt = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        DockerConfigCredentialProvider provider;
        lock (_lock)
        {
            if (_loaded is not { } loaded || loaded.WrittenAt != writtenAt)
            {
                try
                {
                    _loaded = (writtenAt, DockerConfigCredentialProvider.FromFile(path, helperTimeout));
                }
                catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
                {
                    throw new RegistryException(SignetErrorCode.RegistryUnauthorized, $"The Docker config {path} cannot be read: {ex.Message} Fix or remove it, or set Signet:Registry:UseDockerConfig to false.", ex)
                    {
                        Registry = registry,
                        CredentialSource = Description,
                    };
                }
            }

            provider = _loaded.Value.Provider;
        }

        return provider.GetCredentialAsync(registry, cancellationToken);
    }
}
