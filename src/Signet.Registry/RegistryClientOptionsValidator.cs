using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Signet.Registry.Http;

namespace Signet.Registry;

/// <summary>Attribute rules of <see cref="RegistryClientOptions"/> (source generated).</summary>
[OptionsValidator]
internal sealed partial class RegistryClientOptionsAttributeValidator : IValidateOptions<RegistryClientOptions>;

/// <summary>
/// Cross-field rules of <see cref="RegistryClientOptions"/>: plain HTTP only for loopback or insecure hosts, readable CA
/// bundles, complete credentials. Reports every problem at once with the offending value.
/// </summary>
internal sealed class RegistryClientOptionsValidator : IValidateOptions<RegistryClientOptions>
{
    private readonly RegistryClientOptionsAttributeValidator _attributes = new();

    public ValidateOptionsResult Validate(string? name, RegistryClientOptions options)
    {
        var errors = new List<string>();
        var attributeResult = _attributes.Validate(name, options);
        if (attributeResult.Failed)
        {
            errors.AddRange(attributeResult.Failures);
        }

        if (options.UploadChunkBytes > options.MonolithicUploadMaxBytes)
        {
            errors.Add($"UploadChunkBytes ({options.UploadChunkBytes}) must not exceed MonolithicUploadMaxBytes ({options.MonolithicUploadMaxBytes}).");
        }

        foreach (var host in options.InsecureRegistries)
        {
            if (!RegistryHost.IsValid(host))
            {
                errors.Add($"InsecureRegistries contains '{host}', which is not 'host[:port]'.");
            }
        }

        foreach (var (host, hostOptions) in options.Registries)
        {
            var prefix = $"Registries['{host}']";
            if (!RegistryHost.IsValid(host))
            {
                errors.Add($"{prefix}: the key is not 'host[:port]' (write it as in image references, e.g. 'registry.example.com:5000').");
                continue;
            }

            if (hostOptions is null)
            {
                errors.Add($"{prefix} is null.");
                continue;
            }

            if (hostOptions.PlainHttp && !RegistryHost.IsLoopback(host) && !options.InsecureRegistries.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{prefix}.PlainHttp is set but '{host}' is not a loopback host; plain HTTP exposes images and credentials. Add '{host}' to InsecureRegistries to allow it deliberately.");
            }

            if (hostOptions.CaBundlePath is { } path)
            {
                if (!File.Exists(path))
                {
                    errors.Add($"{prefix}.CaBundlePath '{path}' does not exist.");
                }
                else
                {
                    try
                    {
                        var bundle = new X509Certificate2Collection();
                        bundle.ImportFromPemFile(path);
                        if (bundle.Count == 0)
                        {
                            errors.Add($"{prefix}.CaBundlePath '{path}' holds no PEM certificate.");
                        }

                        foreach (var certificate in bundle)
                        {
                            certificate.Dispose();
                        }
                    }
                    catch (System.Security.Cryptography.CryptographicException ex)
                    {
                        errors.Add($"{prefix}.CaBundlePath '{path}' is not a PEM certificate bundle: {ex.Message}");
                    }
                }
            }

            if (string.IsNullOrEmpty(hostOptions.Username) != string.IsNullOrEmpty(hostOptions.Password))
            {
                errors.Add($"{prefix}: Username and Password must be given together.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
