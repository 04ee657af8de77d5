namespace FastMesos.Agent.Runtime.Health;

/// <summary>
/// A health change a <see cref="TaskHealthChecker"/> hands to the runtime: the new verdict, whether
/// the task must now be killed, and a message for the status update (the failure's cause).
/// </summary>
internal readonly record struct HealthReport(bool Healthy, bool Kill, int ConsecutiveFailures, string? Message);
