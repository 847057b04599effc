using Microsoft.Extensions.Options;

namespace Signet.Keys.Pkcs11.DependencyInjection;

/// <summary>Attribute rules of <see cref="Pkcs11KeyProviderOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class Pkcs11KeyProviderOptionsAttributeValidator : IValidateOptions<Pkcs11KeyProviderOptions>;

/// <summary>Cross-field rules of <see cref="Pkcs11KeyProviderOptions"/>; reports every problem at once.</summary>
internal sealed class Pkcs11KeyProviderOptionsValidator : IValidateOptions<Pkcs11KeyProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, Pkcs11KeyProviderOptions options)
    {
        var errors = new List<string>();
        if (options.ModulePath is not null && !File.Exists(options.ModulePath))
        {
            errors.Add($"ModulePath '{options.ModulePath}' does not exist; install the token's PKCS#11 library (SoftHSM2: apt-get install softhsm2).");
        }

        if (options.TokenLabel is not null && options.ModulePath is null)
        {
            errors.Add($"TokenLabel '{options.TokenLabel}' is set without ModulePath; set both, or name the module in each key URI (?module-path=...).");
        }

        if (options.TokenLabel is { Length: > 32 })
        {
            errors.Add($"TokenLabel '{options.TokenLabel}' is longer than the 32 characters PKCS#11 allows.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
