using System.Text.Json;
using FastMesos.Agent.Containers;
using FastMesos.Agent.Runtime;

namespace FastMesos.Agent.Http;

/// <summary>
/// <c>/monitor/statistics</c>: one entry per running container, <c>{executor_id, executor_name,
/// framework_id, source, statistics: {...ResourceStatistics..., timestamp}}</c>, from the containerizer's
/// cgroup counters. The containers are listed under the runtime's lock; their counters are read outside it.
/// </summary>
public static class AgentMonitor
{
    /// <summary>One container to report, listed under the runtime's lock.</summary>
    public readonly record struct Entry(string FrameworkId, string ExecutorId, string ExecutorName, string Source, ContainerHandle Container);

    public static List<Entry> List(AgentRuntimeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = new List<Entry>();
        foreach (AgentTask task in state.LiveTasks)
        {
            if (task.Container is { } container && !task.Exited)
                entries.Add(new Entry(task.FrameworkId.Value, task.ExecutorId.Value, task.Info.Name,
                    task.CommandExecutor ? task.ExecutorId.Value : "", container));
        }

        return entries;
    }

    public static void Write(Utf8JsonWriter w, List<Entry> entries, IContainerizer containerizer, double timestamp)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(containerizer);
        w.WriteStartArray();
        foreach (Entry e in entries)
        {
            if (containerizer.Usage(e.Container) is not { } usage)
                continue;
            w.WriteStartObject();
            w.WriteString("executor_id", e.ExecutorId);
            w.WriteString("executor_name", e.ExecutorName);
            w.WriteString("framework_id", e.FrameworkId);
            w.WriteString("source", e.Source);
            w.WriteStartObject("statistics");
            w.WriteNumber("cpus_user_time_secs", usage.CpusUserTimeSecs);
            w.WriteNumber("cpus_system_time_secs", usage.CpusSystemTimeSecs);
            w.WriteNumber("cpus_limit", usage.CpusLimit);
            w.WriteNumber("mem_rss_bytes", usage.MemRssBytes);
            w.WriteNumber("mem_limit_bytes", usage.MemLimitBytes);
            w.WriteNumber("mem_max_rss_bytes", usage.MemMaxRssBytes);
            w.WriteNumber("processes", usage.Processes);
            w.WriteNumber("timestamp", timestamp);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
