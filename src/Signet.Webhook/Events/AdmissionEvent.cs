namespace Signet.Webhook.Events;

/// <summary>A Kubernetes Event to post about an admitted or denied object.</summary>
/// <param name="Reason">A CamelCase reason: <c>ImageDenied</c>, <c>BreakGlass</c>.</param>
/// <param name="Type"><c>Warning</c> or <c>Normal</c>.</param>
/// <param name="Message">What happened, with the image and the code.</param>
/// <param name="ApiVersion">The involved object's apiVersion (<c>apps/v1</c>).</param>
/// <param name="Kind">The involved object's kind.</param>
/// <param name="Namespace">The involved object's namespace.</param>
/// <param name="Name">The involved object's name (or generateName prefix).</param>
/// <param name="Uid">The admission request uid, for correlation with the audit log.</param>
public sealed record AdmissionEvent(string Reason, string Type, string Message, string ApiVersion, string Kind, string Namespace, string Name, string Uid);
