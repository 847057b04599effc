namespace Signet.Registry.Http;

/// <summary>Reads the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header (tag and referrers pagination).</summary>
internal static class LinkHeader
{
    /// <summary>The next page's URI resolved against <paramref name="requestUri"/>, or null when there is none.</summary>
    public static Uri? Next(HttpResponseMessage response, Uri requestUri)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var parsed = ParseNext(link);
                if (parsed is not null && Uri.TryCreate(requestUri, parsed, out var next))
                {
                    return next;
                }
            }
        }

        return null;
    }

    /// <summary>The target of one link value when its relation is <c>next</c>.</summary>
    internal static string? ParseNext(string link)
    {
        var open = link.IndexOf('<', StringComparison.Ordinal);
        var close = link.IndexOf('>', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            return null;
        }

        foreach (var parameter in link[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && parameter[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                && parameter[(eq + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase))
            {
                return link[(open + 1)..close].Trim();
            }
        }

        return null;
    }
}
