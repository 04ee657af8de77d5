using System.Text.Json;
using FastMesos.Agent.Runtime;
using FastMesos.Messages;

namespace FastMesos.Agent.Http;

/// <summary>The agent's <c>/metrics/snapshot</c> with Mesos' <c>slave/*</c> names (specs/mesos.md §3.2): one flat object of numbers.</summary>
public static class AgentMetrics
{
    public static void Write(Utf8JsonWriter w, AgentRuntimeState state, TimeSpan uptime)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(state);
        AgentCounters c = state.Counters;
        Resources total = state.Options.Resources;
        Resources used = state.UsedResources();
        w.WriteStartObject();
        w.WriteNumber("slave/registered", state.Registered ? 1 : 0);
        w.WriteNumber("slave/uptime_secs", uptime.TotalSeconds);
        WriteResource(w, "cpus", total.Cpus, used.Cpus);
        WriteResource(w, "mem", total.Mem, used.Mem);
        WriteResource(w, "disk", total.Disk, used.Disk);
        WriteResource(w, "gpus", total.Scalar("gpus").Value, used.Scalar("gpus").Value);
        w.WriteNumber("slave/tasks_staging", state.CountTasks(TaskState.Staging));
        w.WriteNumber("slave/tasks_starting", state.CountTasks(TaskState.Starting));
        w.WriteNumber("slave/tasks_running", state.CountTasks(TaskState.Running));
        w.WriteNumber("slave/tasks_killing", state.CountTasks(TaskState.Killing));
        w.WriteNumber("slave/tasks_finished", c.TasksFinished);
        w.WriteNumber("slave/tasks_failed", c.TasksFailed);
        w.WriteNumber("slave/tasks_killed", c.TasksKilled);
        w.WriteNumber("slave/tasks_lost", c.TasksLost);
        int running = 0;
        foreach (AgentFramework fw in state.Frameworks.Values)
            running += fw.Executors.Count;
        w.WriteNumber("slave/executors_registering", 0);
        w.WriteNumber("slave/executors_running", running);
        w.WriteNumber("slave/executors_terminating", 0);
        w.WriteNumber("slave/executors_terminated", c.ExecutorsTerminated);
        w.WriteNumber("slave/frameworks_active", state.Frameworks.Count);
        w.WriteNumber("slave/valid_status_updates", c.ValidStatusUpdates);
        w.WriteNumber("slave/invalid_status_updates", c.InvalidStatusUpdates);
        w.WriteNumber("slave/container_launch_errors", c.ContainerLaunchErrors);
        w.WriteNumber("slave/recovery_errors", c.RecoveryErrors);
        w.WriteNumber("slave/registrations", c.Registrations);
        w.WriteNumber("slave/reregistrations", c.Reregistrations);
        w.WriteNumber("slave/datagram_pings", c.DatagramPings);
        w.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter w, string name, double total, double used)
    {
        w.WriteNumber($"slave/{name}_total", total);
        w.WriteNumber($"slave/{name}_used", used);
        w.WriteNumber($"slave/{name}_percent", total > 0 ? used / total : 0);
    }
}
