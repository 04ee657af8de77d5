namespace FastMesos.Apps.Deployments;

/// <summary>
/// The latest readiness probe result of one task (an element of <c>readinessCheckResults</c>,
/// specs/marathon.md §5.4/§5.5). <see cref="TaskId"/> names the task incarnation probed: a
/// relaunched instance is not ready until its new task answers.
/// </summary>
public sealed record ReadinessCheckResult(string Name, string TaskId, bool Ready, ReadinessResponse? LastResponse);
