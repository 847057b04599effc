namespace Signet.Policy.Model;

/// <summary>
/// Opt-in registry outage middle ground: when the registry cannot be reached, admit a digest that the same policy
/// generation verified within <see cref="Window"/>; otherwise the image is denied (fail closed).
/// </summary>
/// <param name="Window">How long a successful verification vouches for a digest during an outage.</param>
public sealed record LastKnownGoodSettings(TimeSpan Window);
