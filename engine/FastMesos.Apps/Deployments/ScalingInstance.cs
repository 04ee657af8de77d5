using FastMesos.Apps.Launching;

namespace FastMesos.Apps.Deployments;

/// <summary>The view of one instance (goal Running) that a scale-down chooses from.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Condition">Its condition.</param>
/// <param name="StartedAt">When its task started, or was staged if it has not started.</param>
/// <param name="GroupByValue">Its agent's value of the app's GROUP_BY field; null when the app has no GROUP_BY or the agent lacks the field.</param>
public readonly record struct ScalingInstance(string Id, InstanceCondition Condition, DateTimeOffset StartedAt, string? GroupByValue = null);
