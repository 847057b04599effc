namespace Signet.Webhook.Admission;

/// <summary>One image in an <see cref="AuditRecord"/>.</summary>
internal sealed record AuditImage(string Image, string Container, string Pointer, bool Allowed, string Code, string? Pinned);
