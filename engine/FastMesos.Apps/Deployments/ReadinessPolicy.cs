using FastMesos.Apps.Model;

namespace FastMesos.Apps.Deployments;

/// <summary>
/// Marathon's rules for readiness checks and for when an instance counts toward a deployment
/// (specs/marathon.md §5.2, §5.4): considered healthy (running, and healthy when the app has
/// health checks) AND — for an instance a running deployment launched, of an app with a
/// readiness check — ready on its current task. Pure.
/// </summary>
public static class ReadinessPolicy
{
    /// <summary>
    /// Marathon's "considered healthy": running and not unhealthy, and reported healthy unless the
    /// app has no health checks (then running suffices).
    /// </summary>
    public static bool ConsideredHealthy(bool running, bool? healthy, bool hasHealthChecks) =>
        running && healthy != false && (healthy == true || !hasHealthChecks);

    /// <summary>
    /// Whether an instance counts toward its deployment's step and rolling restart.
    /// <paramref name="readinessRequired"/> is false when the instance was not launched by a running
    /// deployment or its app has no readiness check; otherwise <paramref name="latest"/> (null before
    /// the first answer) must say ready for the instance's current task.
    /// </summary>
    public static bool CountsTowardDeployment(bool consideredHealthy, bool readinessRequired, ReadinessCheckResult? latest, string currentTaskId) =>
        consideredHealthy && (!readinessRequired || IsReadyFor(latest, currentTaskId));

    /// <summary>True when <paramref name="latest"/> says ready for the task incarnation <paramref name="currentTaskId"/>.</summary>
    public static bool IsReadyFor(ReadinessCheckResult? latest, string currentTaskId) =>
        latest is { Ready: true } && latest.TaskId == currentTaskId;

    /// <summary>Whether an HTTP status means ready (one of <c>httpStatusCodesForReady</c>).</summary>
    public static bool IsReady(ReadinessCheck check, int status)
    {
        IReadOnlyList<int> codes = check.HttpStatusCodesForReady;
        for (int i = 0; i < codes.Count; i++)
        {
            if (codes[i] == status)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The index (into an instance's host ports) of the port named <c>portName</c>: among the
    /// container's port mappings when it has any, else among the port definitions — the same list
    /// host ports are allocated in. Null when no port has that name.
    /// </summary>
    public static int? PortIndexOf(AppDefinition app, ReadinessCheck check)
    {
        if (app.Container is { PortMappings.Count: > 0 } container)
        {
            for (int i = 0; i < container.PortMappings.Count; i++)
            {
                if (container.PortMappings[i].Name == check.PortName)
                    return i;
            }
            return null;
        }
        for (int i = 0; i < app.PortDefinitions.Count; i++)
        {
            if (app.PortDefinitions[i].Name == check.PortName)
                return i;
        }
        return null;
    }
}
