using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Signet.Core.References;

namespace Signet.DependencyInjection;

/// <summary>Validates <see cref="SignetOptions"/> at start-up, reporting every problem at once with the offending value.</summary>
internal sealed partial class SignetOptionsValidator : IValidateOptions<SignetOptions>
{
    public ValidateOptionsResult Validate(string? name, SignetOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Home))
        {
            errors.Add("Signet:Home must name a directory (SIGNET_HOME).");
        }

        if (!RegionRegex().IsMatch(options.Region ?? string.Empty))
        {
            errors.Add($"Signet:Region '{options.Region}' must be lower-case letters, digits and '-', at most 63 characters.");
        }

        if (options.MaxSignaturesPerImage is < 1 or > 10_000)
        {
            errors.Add($"Signet:MaxSignaturesPerImage is {options.MaxSignaturesPerImage}; allowed 1 to 10000.");
        }

        if (options.LocalRegistryHost is { } host && (!ImageReference.TryParse($"{host}/probe", out var parsed) || !string.Equals(parsed.Registry, host, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"Signet:LocalRegistryHost '{host}' is not a registry host name (it must contain a '.' or ':' or be 'localhost').");
        }

        if (options.PolicyPath is { } path && !File.Exists(path))
        {
            errors.Add($"Signet:PolicyPath '{path}' does not exist.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionRegex();
}
