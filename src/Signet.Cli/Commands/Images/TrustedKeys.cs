using Signet.Signatures;
using Signet.Signing;
using Signet.Verification;

namespace Signet.Cli.Commands.Images;

/// <summary>
/// Builds verifiers for <c>--trusted-key</c> values: a PEM file is a bare public key (cosign), anything else a vault key
/// id or name (vault, cosign and Notary Project signatures made with it).
/// </summary>
internal static class TrustedKeys
{
    public static async Task<IReadOnlyList<ISignatureVerifier>> BuildAsync(
        TrustVerifierFactory factory,
        NotationKeyCertificates certificates,
        Signet.Keys.KeyVault vault,
        IReadOnlyList<string> trusted,
        CancellationToken cancellationToken)
    {
        var keys = new List<Signet.Keys.KeyInfo>();
        var pems = new List<(string Name, string Pem)>();
        foreach (var value in trusted)
        {
            if (File.Exists(value))
            {
                var text = await File.ReadAllTextAsync(value, cancellationToken).ConfigureAwait(false);
                if (!text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
                {
                    throw new CliException(CliErrorCode.InvalidInput, $"--trusted-key file '{value}' holds no PEM public key (-----BEGIN PUBLIC KEY-----).", "Export one with 'signet key export <name>' or 'cosign public-key'.");
                }

                pems.Add((Path.GetFileName(value), text));
            }
            else
            {
                // Resolve the name to its id now: an unknown key fails here with KEY_NOT_FOUND, not later as "not trusted".
                keys.Add(await vault.GetKeyAsync(value, cancellationToken).ConfigureAwait(false));
            }
        }

        var verifiers = new List<ISignatureVerifier>(await factory.ForTrustedKeysAsync([.. keys.Select(k => k.Id)], pems, cancellationToken).ConfigureAwait(false));

        // Only the enabled versions' Notary Project certificates: a disabled version's signatures must not verify.
        if (factory.ForVaultKeyCertificates(keys, certificates) is { } notation)
        {
            verifiers.Add(notation);
        }

        return verifiers;
    }
}
