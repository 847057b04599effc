using Microsoft.Extensions.Options;
using Signet.Keys.Embedded;

namespace Signet.Keys.DependencyInjection;

/// <summary>Attribute rules of <see cref="EmbeddedKeyStoreOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class EmbeddedKeyStoreOptionsAttributeValidator : IValidateOptions<EmbeddedKeyStoreOptions>;

/// <summary>Cross-field rules of <see cref="EmbeddedKeyStoreOptions"/>; reports every problem at once.</summary>
internal sealed class EmbeddedKeyStoreOptionsValidator : IValidateOptions<EmbeddedKeyStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedKeyStoreOptions options)
    {
        var errors = new List<string>();
        if (options.Directory is not null && string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add("Directory is blank; leave it unset for $SIGNET_HOME/keys or give a path.");
        }

        if (options.PassphraseFile is not null && !File.Exists(options.PassphraseFile))
        {
            errors.Add($"PassphraseFile '{options.PassphraseFile}' does not exist.");
        }

        if (options.Directory is not null && File.Exists(options.Directory))
        {
            errors.Add($"Directory '{options.Directory}' is a file, not a directory.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
