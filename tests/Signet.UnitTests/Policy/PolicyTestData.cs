using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Policy.Loading;
using Signet.Policy.Model;

namespace Signet.UnitTests.Policy;

internal static class PolicyTestData
{
    private static readonly Lazy<(string Pem, string KeyId)[]> s_cosignKeys = new(() =>
        Enumerable.Range(0, 3).Select(_ =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var der = key.ExportSubjectPublicKeyInfo();
            return (key.ExportSubjectPublicKeyInfoPem(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(der)));
        }).ToArray());

    private static readonly Lazy<string> s_certificatePem = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Example Root,O=Example,ST=WA,C=US", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return certificate.ExportCertificatePem();
    });

    public static (string Pem, string KeyId) CosignKey(int i) => s_cosignKeys.Value[i];

    public static string CertificatePem => s_certificatePem.Value;

    public static string Indent(string text, int spaces) =>
        string.Join("\n", text.TrimEnd().Split('\n').Select(l => new string(' ', spaces) + l));

    /// <summary>A policy document with the given spec body (already indented by 2).</summary>
    public static string PolicyYaml(string spec, string name = "test") =>
        $"apiVersion: signet.dev/v1alpha1\nkind: ImageVerificationPolicy\nmetadata:\n  name: {name}\nspec:\n{spec}";

    public static ImageVerificationPolicy Load(string yaml)
    {
        var result = PolicyLoader.Parse(yaml);
        Assert.True(result.IsValid, result.Describe());
        return result.Policy!;
    }

    /// <summary>A notation trust section at 8 spaces of indentation (under a rule's 'trust:').</summary>
    public static string NotationTrust(string level, string scope = "\"*\"")
    {
        var lines = new List<string>
        {
            "        notation:",
            "          trustPolicy:",
            "            version: \"1.0\"",
            "            trustPolicies:",
            "              - name: main",
            $"                registryScopes: [{scope}]",
            "                signatureVerification:",
            $"                  level: {level}",
        };
        if (level != "skip")
        {
            lines.Add("                trustStores: [\"ca:example\"]");
            lines.Add("                trustedIdentities: [\"*\"]");
        }

        lines.Add("          trustStores:");
        lines.Add("            inline:");
        lines.Add("              ca:example: |");
        lines.Add(Indent(CertificatePem, 16));
        return string.Join("\n", lines) + "\n";
    }
}
