using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Signet.Core.Digests;

namespace Signet.Core.References;

/// <summary>
/// A container image reference (<c>registry/repository[:tag][@digest]</c>) parsed by the distribution reference
/// grammar and normalized the way Docker does, so that two strings naming the same image compare equal.
/// </summary>
/// <remarks>
/// Grammar: https://github.com/distribution/reference/blob/main/reference.go. Normalization
/// (<c>ParseNormalizedNamed</c>): a first path component is a registry host when it contains '.' or ':' or is
/// <c>localhost</c>; otherwise the image is on Docker Hub (<c>docker.io</c>) and a single-component name gets
/// <c>library/</c>. <c>index.docker.io</c> (and <c>registry-1.docker.io</c>, Docker Hub's API host) is written
/// <c>docker.io</c>. Beyond Docker, the registry host is lower-cased and a bracketed IPv6 address is written in its
/// RFC 5952 form (docs/design/canonical-references.md). The <see cref="Canonical"/> form is the only spelling used for
/// cache keys and policy scope matching; it parses back to an equal reference. A name without tag or digest is kept
/// as such (it is not <c>:latest</c>), because signed identities distinguish a repository from a tagged image.
/// </remarks>
public sealed partial record ImageReference
{
    /// <summary>Docker Hub's canonical registry name.</summary>
    public const string DockerHubRegistry = "docker.io";

    /// <summary>The longest name (registry + '/' + repository) the grammar allows.</summary>
    public const int MaxNameLength = 255;

    /// <summary>The longest tag the grammar allows.</summary>
    public const int MaxTagLength = 128;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host with optional port (<c>docker.io</c>, <c>localhost:5000</c>, <c>[::1]:5000</c>).</summary>
    public string Registry { get; }

    /// <summary>Repository path (<c>library/nginx</c>).</summary>
    public string Repository { get; }

    /// <summary>Tag, when given.</summary>
    public string? Tag { get; }

    /// <summary>Digest, when given.</summary>
    public Digest? Digest { get; }

    /// <summary><c>registry/repository</c>: what policy scopes and trust-policy registry scopes match.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The canonical form: <c>registry/repository[:tag][@digest]</c>.</summary>
    public string Canonical => Name + (Tag is null ? string.Empty : ":" + Tag) + (Digest is { } d ? "@" + d : string.Empty);

    /// <summary>True when the reference pins content by digest.</summary>
    [MemberNotNullWhen(true, nameof(Digest))]
    public bool HasDigest => Digest.HasValue;

    /// <summary>Parses and normalizes an image reference; throws <see cref="FormatException"/> naming the offending part.</summary>
    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return TryParseCore(reference, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Parses and normalizes an image reference.</summary>
    public static bool TryParse([NotNullWhen(true)] string? reference, [NotNullWhen(true)] out ImageReference? result) =>
        TryParseCore(reference, out result, out _);

    /// <summary>Parses and normalizes an image reference, returning why it is invalid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? reference, [NotNullWhen(true)] out ImageReference? result, [NotNullWhen(false)] out string? error) =>
        TryParseCore(reference, out result, out error);

    /// <summary>True when <paramref name="tag"/> is a tag the grammar allows: 1 to 128 of <c>[A-Za-z0-9_.-]</c>, not starting with '.' or '-'.</summary>
    public static bool IsValidTag([NotNullWhen(true)] string? tag) => tag is not null && TagRegex().IsMatch(tag);

    /// <summary>The same image pinned to <paramref name="digest"/>, keeping the tag (<c>repo:tag@digest</c>).</summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    /// <summary>The same image pinned to <paramref name="digest"/> with the tag dropped (<c>repo@digest</c>).</summary>
    public ImageReference WithDigestOnly(Digest digest) => new(Registry, Repository, null, digest);

    /// <summary>The same repository with another tag and no digest.</summary>
    public ImageReference WithTag(string tag)
    {
        if (!TagRegex().IsMatch(tag))
        {
            throw new FormatException($"The tag '{tag}' is invalid: a tag is 1 to 128 characters of [A-Za-z0-9_.-] and must not start with '.' or '-'.");
        }

        return new(Registry, Repository, tag, null);
    }

    /// <summary>The tag or digest to ask the registry for: the digest when pinned, else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    /// <summary>True when the reference names the same repository (canonical comparison).</summary>
    public bool IsSameRepository(ImageReference other) =>
        other is not null && string.Equals(Registry, other.Registry, StringComparison.Ordinal) && string.Equals(Repository, other.Repository, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Canonical;

    /// <summary>Value equality over the canonical parts.</summary>
    public bool Equals(ImageReference? other) =>
        other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    private static bool TryParseCore(string? input, [NotNullWhen(true)] out ImageReference? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrEmpty(input))
        {
            error = "The image reference is empty.";
            return false;
        }

        if (input.Length > 4096)
        {
            error = $"The image reference is {input.Length} characters long; that is not an image reference.";
            return false;
        }

        foreach (var c in input)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                error = $"The image reference '{Show(input)}' contains whitespace or a control character.";
                return false;
            }
        }

        var remainder = input;
        Digest? digest = null;
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = remainder[(at + 1)..];
            if (!Digests.Digest.TryParse(digestText, out var parsedDigest, out var digestError))
            {
                error = $"The digest of '{Show(input)}' is invalid: {digestError}";
                return false;
            }

            digest = parsedDigest;
            remainder = remainder[..at];
        }

        // The tag separator is the last ':' after the last '/', so that a registry port is never read as a tag.
        string? tag = null;
        var lastSlash = remainder.LastIndexOf('/');
        var lastColon = remainder.LastIndexOf(':');
        if (lastColon > lastSlash && !(lastSlash < 0 && remainder.StartsWith('[')))
        {
            tag = remainder[(lastColon + 1)..];
            remainder = remainder[..lastColon];
            if (!TagRegex().IsMatch(tag))
            {
                error = tag.Length > MaxTagLength
                    ? $"The tag of '{Show(input)}' is {tag.Length} characters long; the limit is {MaxTagLength}."
                    : $"The tag '{Show(tag)}' of '{Show(input)}' is invalid: a tag is [A-Za-z0-9_.-] and must not start with '.' or '-'.";
                return false;
            }
        }

        if (remainder.Length == 0)
        {
            error = $"The image reference '{Show(input)}' has no repository name.";
            return false;
        }

        string registry;
        string repository;
        var firstSlash = remainder.IndexOf('/', StringComparison.Ordinal);
        var first = firstSlash < 0 ? remainder : remainder[..firstSlash];
        var firstIsHost = firstSlash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.Any(char.IsAsciiLetterUpper));
        if (firstIsHost)
        {
            registry = first;
            repository = remainder[(firstSlash + 1)..];
            if (!IsValidHost(registry, out var hostError))
            {
                error = $"The registry '{Show(registry)}' of '{Show(input)}' is invalid: {hostError}";
                return false;
            }

            registry = CanonicalHost(registry);
            if (registry == "index.docker.io" || registry == "registry-1.docker.io")
            {
                registry = DockerHubRegistry;
            }
        }
        else
        {
            registry = DockerHubRegistry;
            repository = remainder;
            if (repository.Length == 64 && repository.All(char.IsAsciiHexDigitLower))
            {
                error = $"'{Show(input)}' looks like an image id (64 hex characters), not a reference; use 'sha256:<hex>' after '@'.";
                return false;
            }
        }

        if (registry == DockerHubRegistry && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        if (repository.Any(char.IsAsciiLetterUpper))
        {
            error = $"The repository '{Show(repository)}' of '{Show(input)}' must be lower case.";
            return false;
        }

        foreach (var component in repository.Split('/'))
        {
            if (!PathComponentRegex().IsMatch(component))
            {
                error = component.Length == 0
                    ? $"The repository of '{Show(input)}' has an empty path component."
                    : $"The repository path component '{Show(component)}' of '{Show(input)}' is invalid: use [a-z0-9] separated by '.', '_', '__' or '-'.";
                return false;
            }
        }

        if (registry.Length + 1 + repository.Length > MaxNameLength)
        {
            error = $"The name of '{Show(input)}' is {registry.Length + 1 + repository.Length} characters long; the limit is {MaxNameLength}.";
            return false;
        }

        result = new ImageReference(registry, repository, tag, digest);
        error = null;
        return true;
    }

    private static bool IsValidHost(string host, [NotNullWhen(false)] out string? error)
    {
        string hostPart;
        string? port = null;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "an IPv6 address must be closed with ']'.";
                return false;
            }

            var address = host[1..close];

            // The grammar allows only hex digits and ':' inside the brackets (no zone, no embedded IPv4).
            if (address.Length == 0 || !address.All(c => char.IsAsciiHexDigit(c) || c == ':')
                || !System.Net.IPAddress.TryParse(address, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                error = $"'{address}' is not an IPv6 address.";
                return false;
            }

            var rest = host[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = "only ':<port>' may follow an IPv6 address.";
                    return false;
                }

                port = rest[1..];
            }

            hostPart = string.Empty;
        }
        else
        {
            var colon = host.IndexOf(':', StringComparison.Ordinal);
            hostPart = colon < 0 ? host : host[..colon];
            port = colon < 0 ? null : host[(colon + 1)..];
            if (!DomainRegex().IsMatch(hostPart))
            {
                error = "a host name is components of [A-Za-z0-9-] separated by '.', not starting or ending with '-'.";
                return false;
            }
        }

        if (port is not null && (port.Length == 0 || port.Length > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) > 65535))
        {
            error = $"the port '{port}' is not a number from 0 to 65535.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Host names are case-insensitive (RFC 4343) and an IPv6 address has many spellings, so the canonical form writes
    /// the host in lower case and the address in its RFC 5952 form. A single-label host recognised only by its
    /// upper-case letters keeps its spelling: lower-cased it would read back as a Docker Hub namespace.
    /// </summary>
    private static string CanonicalHost(string registry)
    {
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            var address = System.Net.IPAddress.Parse(registry[1..close]);
            return "[" + address.ToString() + "]" + registry[(close + 1)..];
        }

        var lower = registry.ToLowerInvariant();
        var stillHost = lower.Contains('.', StringComparison.Ordinal) || lower.Contains(':', StringComparison.Ordinal) || lower == "localhost";
        return stillHost ? lower : registry;
    }

    private static string Show(string value) => value.Length <= 100 ? value : string.Concat(value.AsSpan(0, 97), "...");

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathComponentRegex();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainRegex();
}
