using Signet.Policy.Model;
using YamlDotNet.RepresentationModel;

namespace Signet.Policy.Loading;

/// <summary>
/// Turns a parsed policy document into the model, validating every field and collecting every error. Reads the key
/// files and trust store directories the policy names (relative to the policy file), which are part of the policy.
/// </summary>
internal sealed partial class PolicyDocumentReader
{
    private static readonly string[] s_topFields = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] s_specFields = ["enabled", "noMatch", "requireDigest", "pinDigests", "breakGlass", "lastKnownGood", "exemptions", "rules"];
    private static readonly string[] s_ruleFields = ["name", "scope", "namespaces", "mode", "trust", "inheritIndexSignatures"];

    private readonly YamlNodeReader _r;
    private readonly string? _baseDirectory;

    public PolicyDocumentReader(YamlNodeReader reader, string? baseDirectory)
    {
        _r = reader;
        _baseDirectory = baseDirectory;
    }

    public ImageVerificationPolicy? Read(YamlNode root)
    {
        var top = _r.Mapping(root, string.Empty, s_topFields);
        if (top is null)
        {
            _r.Error(root, string.Empty, $"a policy is a mapping with apiVersion: {ImageVerificationPolicy.ApiVersion}, kind: {ImageVerificationPolicy.Kind}, metadata and spec.");
            return null;
        }

        var apiVersion = _r.RequiredString(top, "apiVersion", string.Empty);
        if (apiVersion.Length > 0 && apiVersion != ImageVerificationPolicy.ApiVersion)
        {
            _r.Error(YamlNodeReader.Get(top, "apiVersion"), "apiVersion", $"'{apiVersion}' is not supported; use {ImageVerificationPolicy.ApiVersion}.");
        }

        var kind = _r.RequiredString(top, "kind", string.Empty);
        if (kind.Length > 0 && kind != ImageVerificationPolicy.Kind)
        {
            _r.Error(YamlNodeReader.Get(top, "kind"), "kind", $"'{kind}' is not supported; use {ImageVerificationPolicy.Kind}.");
        }

        var metadata = _r.Mapping(YamlNodeReader.Get(top, "metadata"), "metadata", "name", "labels", "annotations");
        var name = metadata is null ? null : _r.RequiredString(metadata, "name", "metadata");
        if (metadata is null)
        {
            _r.Error(top, "metadata.name", "the policy needs a name (metadata.name).");
        }

        var specNode = YamlNodeReader.Get(top, "spec");
        var spec = _r.Mapping(specNode, "spec", s_specFields);
        if (spec is null)
        {
            _r.Error(specNode ?? top, "spec", "the policy needs a spec with at least rules or noMatch.");
            return null;
        }

        var enabled = _r.Bool(YamlNodeReader.Get(spec, "enabled"), "spec.enabled", true);
        var noMatch = _r.Enum(YamlNodeReader.Get(spec, "noMatch"), "spec.noMatch",
            ("allow", NoMatchAction.Allow), ("warn", NoMatchAction.Warn), ("deny", NoMatchAction.Deny)) ?? NoMatchAction.Deny;
        var requireDigest = _r.Bool(YamlNodeReader.Get(spec, "requireDigest"), "spec.requireDigest", true);
        var pinDigests = _r.Bool(YamlNodeReader.Get(spec, "pinDigests"), "spec.pinDigests", false);
        var breakGlass = ReadBreakGlass(YamlNodeReader.Get(spec, "breakGlass"));
        var lastKnownGood = ReadLastKnownGood(YamlNodeReader.Get(spec, "lastKnownGood"));
        var exemptions = ReadExemptions(YamlNodeReader.Get(spec, "exemptions"));
        var rules = ReadRules(YamlNodeReader.Get(spec, "rules"));

        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return new ImageVerificationPolicy
        {
            Name = name,
            Enabled = enabled,
            NoMatch = noMatch,
            RequireDigest = requireDigest,
            PinDigests = pinDigests,
            BreakGlass = breakGlass,
            LastKnownGood = lastKnownGood,
            Exemptions = exemptions,
            Rules = rules,
            Generation = string.Empty,
            Source = _r.File,
        };
    }

    private BreakGlassSettings ReadBreakGlass(YamlNode? node)
    {
        var mapping = _r.Mapping(node, "spec.breakGlass", "allowedUsers", "allowedGroups", "expires");
        if (mapping is null)
        {
            return BreakGlassSettings.None;
        }

        return new BreakGlassSettings
        {
            AllowedUsers = _r.StringList(YamlNodeReader.Get(mapping, "allowedUsers"), "spec.breakGlass.allowedUsers"),
            AllowedGroups = _r.StringList(YamlNodeReader.Get(mapping, "allowedGroups"), "spec.breakGlass.allowedGroups"),
            Expires = _r.Timestamp(YamlNodeReader.Get(mapping, "expires"), "spec.breakGlass.expires"),
        };
    }

    private LastKnownGoodSettings? ReadLastKnownGood(YamlNode? node)
    {
        var mapping = _r.Mapping(node, "spec.lastKnownGood", "window");
        if (mapping is null)
        {
            return null;
        }

        var windowNode = YamlNodeReader.Get(mapping, "window");
        if (windowNode is null)
        {
            _r.Error(mapping, "spec.lastKnownGood.window", "the window is required (e.g. 1h): how long a verification vouches for a digest while the registry is unreachable.");
            return null;
        }

        var window = _r.Duration(windowNode, "spec.lastKnownGood.window");
        if (window > TimeSpan.FromDays(7))
        {
            _r.Error(windowNode, "spec.lastKnownGood.window", "the window is at most 7d; a longer outage window would admit images whose keys were revoked meanwhile.");
            return null;
        }

        return window is null ? null : new LastKnownGoodSettings(window.Value);
    }

    private PolicyExemptions ReadExemptions(YamlNode? node)
    {
        var mapping = _r.Mapping(node, "spec.exemptions", "namespaces", "images");
        if (mapping is null)
        {
            return PolicyExemptions.None;
        }

        var namespaces = ReadNamespaceNames(YamlNodeReader.Get(mapping, "namespaces"), "spec.exemptions.namespaces");
        var images = new List<ScopePattern>();
        foreach (var (item, path) in _r.Sequence(YamlNodeReader.Get(mapping, "images"), "spec.exemptions.images"))
        {
            if (ReadScope(item, path) is { } scope)
            {
                images.Add(scope);
            }
        }

        return new PolicyExemptions { Namespaces = namespaces, Images = images };
    }

    private List<PolicyRule> ReadRules(YamlNode? node)
    {
        var rules = new List<PolicyRule>();
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var scopes = new Dictionary<(string Scope, string Namespaces), string>();
        foreach (var (item, path) in _r.Sequence(node, "spec.rules"))
        {
            var mapping = _r.Mapping(item, path, s_ruleFields);
            if (mapping is null)
            {
                continue;
            }

            var name = _r.RequiredString(mapping, "name", path);
            if (name.Length > 0 && !names.TryAdd(name, item))
            {
                var first = names[name];
                _r.Error(YamlNodeReader.Get(mapping, "name"), path + ".name", $"the rule name '{name}' is already used at line {first.Start.Line}; rule names are unique.");
            }

            var scopeNode = YamlNodeReader.Get(mapping, "scope");
            var errorsBefore = _r.ErrorCount;
            var ruleScopes = new List<ScopePattern>();
            if (scopeNode is YamlScalarNode)
            {
                if (ReadScope(scopeNode, path + ".scope") is { } single)
                {
                    ruleScopes.Add(single);
                }
            }
            else
            {
                foreach (var (scopeItem, scopePath) in _r.Sequence(scopeNode, path + ".scope"))
                {
                    if (ReadScope(scopeItem, scopePath) is { } scope)
                    {
                        ruleScopes.Add(scope);
                    }
                }
            }

            if (scopeNode is null || (ruleScopes.Count == 0 && _r.ErrorCount == errorsBefore))
            {
                _r.Error(scopeNode ?? mapping, path + ".scope", "a rule needs at least one scope (a registry/repository glob such as 'registry.example.com/team/**', or '**' for every image).");
            }

            var namespaces = ReadNamespaceSelector(YamlNodeReader.Get(mapping, "namespaces"), path + ".namespaces");
            var normalizedNamespaces = namespaces.Normalized();
            foreach (var scope in ruleScopes)
            {
                if (!scopes.TryAdd((scope.Pattern, normalizedNamespaces), name))
                {
                    _r.Error(scopeNode, path + ".scope", $"the scope '{scope.Pattern}' with the same namespaces is already covered by rule '{scopes[(scope.Pattern, normalizedNamespaces)]}'; two rules cannot claim the same images (merge them or narrow the namespaces).");
                }
            }

            var mode = _r.Enum(YamlNodeReader.Get(mapping, "mode"), path + ".mode",
                ("enforce", RuleMode.Enforce), ("warn", RuleMode.Warn), ("audit", RuleMode.Audit)) ?? RuleMode.Enforce;
            var trust = ReadTrust(YamlNodeReader.Get(mapping, "trust"), path + ".trust");
            var inherit = _r.Bool(YamlNodeReader.Get(mapping, "inheritIndexSignatures"), path + ".inheritIndexSignatures", true);

            rules.Add(new PolicyRule
            {
                Name = name,
                Scopes = ruleScopes,
                Namespaces = namespaces,
                Mode = mode,
                Trust = trust,
                InheritIndexSignatures = inherit,
                Index = rules.Count,
                Location = _r.Location(item),
            });
        }

        return rules;
    }

    private ScopePattern? ReadScope(YamlNode node, string path)
    {
        var text = _r.String(node, path, required: true);
        if (text is null)
        {
            return null;
        }

        if (!ScopePatternParser.TryParse(text, out var pattern, out var error))
        {
            _r.Error(node, path, error);
            return null;
        }

        return pattern;
    }

    private NamespaceSelector ReadNamespaceSelector(YamlNode? node, string path)
    {
        var mapping = _r.Mapping(node, path, "names", "selector");
        if (mapping is null)
        {
            return NamespaceSelector.Any;
        }

        var names = ReadNamespaceNames(YamlNodeReader.Get(mapping, "names"), path + ".names");
        var selector = _r.Mapping(YamlNodeReader.Get(mapping, "selector"), path + ".selector", "matchLabels", "matchExpressions");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var expressions = new List<LabelSelectorRequirement>();
        if (selector is not null)
        {
            var matchLabels = _r.AnyMapping(YamlNodeReader.Get(selector, "matchLabels"), path + ".selector.matchLabels");
            if (matchLabels is not null)
            {
                foreach (var (k, v) in matchLabels.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? string.Empty;
                    if (_r.String(v, path + ".selector.matchLabels." + key) is { } value)
                    {
                        labels[key] = value;
                    }
                }
            }

            foreach (var (item, itemPath) in _r.Sequence(YamlNodeReader.Get(selector, "matchExpressions"), path + ".selector.matchExpressions"))
            {
                var expression = _r.Mapping(item, itemPath, "key", "operator", "values");
                if (expression is null)
                {
                    continue;
                }

                var key = _r.RequiredString(expression, "key", itemPath);
                var operatorNode = YamlNodeReader.Get(expression, "operator");
                var op = _r.Enum(operatorNode, itemPath + ".operator",
                    ("In", LabelSelectorOperator.In), ("NotIn", LabelSelectorOperator.NotIn),
                    ("Exists", LabelSelectorOperator.Exists), ("DoesNotExist", LabelSelectorOperator.DoesNotExist));
                if (operatorNode is null)
                {
                    _r.Error(expression, itemPath + ".operator", "is required; use In, NotIn, Exists or DoesNotExist.");
                }

                var values = _r.StringList(YamlNodeReader.Get(expression, "values"), itemPath + ".values");
                if (op is LabelSelectorOperator.In or LabelSelectorOperator.NotIn && values.Count == 0)
                {
                    _r.Error(expression, itemPath + ".values", $"{op} needs at least one value.");
                }
                else if (op is LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist && values.Count > 0)
                {
                    _r.Error(expression, itemPath + ".values", $"{op} takes no values.");
                }

                if (op is { } valid && key.Length > 0)
                {
                    expressions.Add(new LabelSelectorRequirement(key, valid, values));
                }
            }
        }

        return new NamespaceSelector { Names = names, MatchLabels = labels, MatchExpressions = expressions };
    }

    private List<string> ReadNamespaceNames(YamlNode? node, string path)
    {
        var names = new List<string>();
        foreach (var (item, itemPath) in _r.Sequence(node, path))
        {
            var name = _r.String(item, itemPath, required: true);
            if (name is null)
            {
                continue;
            }

            if (name.Length > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '*'))
            {
                _r.Error(item, itemPath, $"'{name}' is not a namespace name or glob: lower-case letters, digits, '-' and '*', at most 63 characters.");
                continue;
            }

            names.Add(name);
        }

        return names;
    }
}
