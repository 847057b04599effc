namespace Signet.Keys.Embedded;

/// <summary>What a passphrase callback is asked for: the key, and whether the key is being created (prompt twice).</summary>
/// <param name="KeyName">The key whose file is opened or written.</param>
/// <param name="IsNewKey">True while creating a key (a prompt should ask for confirmation).</param>
public sealed record PassphraseRequest(string KeyName, bool IsNewKey);
