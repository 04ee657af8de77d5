namespace FastMesos.Apps.Deployments;

/// <summary>
/// The last HTTP response of a readiness probe, kept only when the check says
/// <c>preserveLastResponse</c> (specs/marathon.md §5.4: <c>lastResponse{status, contentType, body}</c>).
/// </summary>
public sealed record ReadinessResponse(int Status, string ContentType, string Body);
