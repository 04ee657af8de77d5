using FastMesos.Apps.Deployments;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// Readiness of one instance a running deployment launched (specs/marathon.md §5.4). Lives while
/// that deployment runs: the instance counts toward it only once <see cref="Latest"/> says ready for
/// its current task. Owned by the runtime loop.
/// </summary>
internal sealed class ReadinessTracking(RunningDeployment deployment, string appId, string instanceId)
{
    public RunningDeployment Deployment { get; } = deployment;

    public string AppId { get; } = appId;

    public string InstanceId { get; } = instanceId;

    /// <summary>The latest answer (null before the first one); its task id may be an earlier incarnation's.</summary>
    public ReadinessCheckResult? Latest { get; set; }

    /// <summary>When the next probe is due; <see cref="DateTimeOffset.MaxValue"/> while one is in flight.</summary>
    public DateTimeOffset NextProbe { get; set; } = DateTimeOffset.MinValue;
}
