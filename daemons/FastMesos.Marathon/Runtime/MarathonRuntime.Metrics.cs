using FastMesos.Marathon.Metrics;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>Marathon's metrics (<c>/metrics</c>, the push reporters); counters are bumped on the loop where things happen.</summary>
    public MarathonMetrics Metrics { get; }

    /// <summary>
    /// Publishes the state counts behind the gauges, taken on the loop (the state's owner); the
    /// <c>/metrics</c> endpoint and the reporters call this before reading. One pass over the instances.
    /// </summary>
    internal Task RefreshMetricsAsync() => QueryAsync(static r =>
    {
        r.Metrics.Publish(r.CountForMetrics());
        return true;
    });

    private RuntimeCounts CountForMetrics()
    {
        DateTimeOffset now = Now;
        int running = 0, staged = 0, overdue = 0;
        foreach (Instance instance in _instances.Values)
        {
            switch (instance.State)
            {
                case TaskState.Running:
                    running++;
                    break;
                case TaskState.Staging:
                    staged++;
                    break;
            }
            // Overdue: launched but not RUNNING within --task_launch_timeout (housekeeping kills it next).
            if (instance.State is TaskState.Staging or TaskState.Starting && instance.StagedAt is { } at && now - at > _options.TaskLaunchTimeout)
                overdue++;
        }
        return new RuntimeCounts(_root.TransitiveApps().Count, _root.Group.TransitiveGroups().Count, _deployments.Count, running, staged, overdue);
    }
}
