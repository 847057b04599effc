using Signet.Testing.Pkcs11;

namespace Signet.IntegrationTests.Keys;

/// <summary>Tests sharing one SoftHSM2 token (and its keys); they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmGroup : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM2";
}
