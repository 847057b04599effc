namespace Signet.Policy.Model;

/// <summary>
/// The parts of one Notary Project trust policy statement the evaluator itself needs (statement selection and the
/// <c>skip</c> level); the full document goes to the Notation verifier through the seam.
/// </summary>
/// <param name="Name">The statement name.</param>
/// <param name="RegistryScopes">Registry scopes (<c>host/repo</c> or <c>*</c>).</param>
/// <param name="Level">The verification level: <c>strict</c>, <c>permissive</c>, <c>audit</c> or <c>skip</c>.</param>
public sealed record NotationTrustStatement(string Name, IReadOnlyList<string> RegistryScopes, string Level);
