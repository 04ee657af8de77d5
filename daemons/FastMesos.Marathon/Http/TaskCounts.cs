using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime;
using FastMesos.Messages;

namespace FastMesos.Marathon.Http;

/// <summary>
/// The launched tasks of one app that pass a filter, counted by state and health, with the
/// lifetimes (seconds since running) of the running ones for <c>taskStats</c>.
/// </summary>
internal readonly record struct TaskCounts(int Staged, int Running, int Healthy, int Unhealthy, List<double> LifeTimes)
{
    public bool IsEmpty => Staged + Running == 0;

    public static TaskCounts Of(MarathonRuntime runtime, string appId, Func<Instance, AppDefinition, bool> filter, AppDefinition app)
    {
        int staged = 0, running = 0, healthy = 0, unhealthy = 0;
        var lifeTimes = new List<double>();
        DateTimeOffset now = runtime.UtcNow;
        foreach (Instance instance in runtime.InstancesOfApp(appId))
        {
            if (instance.State is not { } state || !filter(instance, app))
                continue;
            if (state is TaskState.Staging or TaskState.Starting)
                staged++;
            else if (state == TaskState.Running)
                running++;
            if (instance.Healthy == true)
                healthy++;
            else if (instance.Healthy == false)
                unhealthy++;
            if (state == TaskState.Running && instance.StartedAt is { } started)
                lifeTimes.Add(Math.Max(0, (now - started).TotalSeconds));
        }
        return new TaskCounts(staged, running, healthy, unhealthy, lifeTimes);
    }
}
