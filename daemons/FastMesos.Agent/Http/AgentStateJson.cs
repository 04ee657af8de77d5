using System.Globalization;
using System.Text.Json;
using FastMesos.Agent.Runtime;
using FastMesos.Hosting.Json;
using FastMesos.Messages;

namespace FastMesos.Agent.Http;

/// <summary>
/// The agent's <c>/state</c> in Mesos' shape (specs/mesos.md §3.3): id, pid, hostname, resources,
/// attributes, master_hostname, flags, frameworks → executors → tasks with their statuses, and the
/// completed frameworks and executors. A pure function of the runtime's state, called under its lock.
/// </summary>
public static class AgentStateJson
{
    public static void WriteState(Utf8JsonWriter w, AgentRuntimeState state)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(state);
        AgentOptions o = state.Options;
        w.WriteStartObject();
        w.WriteString("id", state.AgentId?.Value ?? "");
        w.WriteString("pid", state.Pid);
        w.WriteString("hostname", o.Hostname);
        w.WriteString("version", o.Version);
        w.WriteNumber("start_time", state.StartTime);
        MesosJson.WriteResources(w, "resources", o.Resources);
        MesosJson.WriteResources(w, "unreserved_resources", o.Resources.Unreserved());
        w.WriteStartObject("reserved_resources");
        var roles = new List<string>();
        foreach (Resource r in o.Resources.Reserved())
        {
            if (!roles.Contains(r.Role))
                roles.Add(r.Role);
        }

        foreach (string role in roles)
            MesosJson.WriteResources(w, role, o.Resources.ReservedFor(role));

        w.WriteEndObject();
        MesosJson.WriteAttributes(w, "attributes", o.Attributes);
        w.WriteString("master_hostname", state.MasterHostname);
        w.WriteString("log_dir", "");
        WriteFlagsObject(w, "flags", o);
        w.WriteStartArray("frameworks");
        foreach (AgentFramework fw in state.Frameworks.Values)
            WriteFramework(w, fw, state);
        w.WriteEndArray();
        w.WriteStartArray("completed_frameworks");
        foreach (AgentFramework fw in state.CompletedFrameworks)
            WriteFramework(w, fw, state);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>/flags</c>: <c>{"flags": {...}}</c>, the options as Mesos flag names with string values.</summary>
    public static void WriteFlags(Utf8JsonWriter w, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(options);
        w.WriteStartObject();
        WriteFlagsObject(w, "flags", options);
        w.WriteEndObject();
    }

    private static void WriteFlagsObject(Utf8JsonWriter w, string name, AgentOptions o)
    {
        w.WriteStartObject(name);
        w.WriteString("master", (o.MasterLocator?.ToString() ?? o.Master?.ToString()) ?? "");
        w.WriteString("work_dir", o.WorkDir);
        w.WriteString("hostname", o.Hostname);
        w.WriteString("ip", o.Ip);
        w.WriteString("port", o.Port.ToString(CultureInfo.InvariantCulture));
        w.WriteString("resources", o.Resources.ToString());
        w.WriteString("containerizers", o.Containerizer.Name);
        w.WriteString("recover", o.Recover ? "reconnect" : "cleanup");
        w.WriteString("executor_shutdown_grace_period", Seconds(o.ExecutorShutdownGracePeriod));
        w.WriteString("registration_backoff_factor", Seconds(o.RegistrationBackoffFactor));
        w.WriteString("cgroups_enable_cfs", o.CgroupsEnableCfs ? "true" : "false");
        w.WriteEndObject();
    }

    private static void WriteFramework(Utf8JsonWriter w, AgentFramework fw, AgentRuntimeState state)
    {
        FrameworkInfo info = fw.Info;
        w.WriteStartObject();
        w.WriteString("id", fw.Id.Value);
        w.WriteString("name", info.Name);
        w.WriteString("user", info.User);
        w.WriteString("hostname", info.Hostname ?? "");
        w.WriteString("role", info.Roles.Count > 0 ? info.Roles[0] : "*");
        w.WriteStartArray("roles");
        foreach (string role in info.Roles)
            w.WriteStringValue(role);
        w.WriteEndArray();
        w.WriteBoolean("checkpoint", info.Checkpoint);
        w.WriteNumber("failover_timeout", info.FailoverTimeoutSeconds);
        w.WriteStartArray("executors");
        foreach (AgentExecutor executor in fw.Executors.Values)
            WriteExecutor(w, fw, executor, state);
        w.WriteEndArray();
        w.WriteStartArray("completed_executors");
        foreach (AgentExecutor executor in fw.CompletedExecutors)
            WriteExecutor(w, fw, executor, state);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteExecutor(Utf8JsonWriter w, AgentFramework fw, AgentExecutor executor, AgentRuntimeState state)
    {
        Resources resources = executor.Info.Resources;
        foreach (AgentTask task in executor.Tasks.Values)
            resources += task.Info.Resources;
        w.WriteStartObject();
        w.WriteString("id", executor.ExecutorId.Value);
        w.WriteString("name", executor.Info.Name ?? "");
        w.WriteString("source", executor.CommandExecutor ? executor.ExecutorId.Value : "");
        w.WriteString("container", executor.ContainerId ?? "");
        w.WriteString("directory", executor.Directory ?? "");
        w.WriteString("framework_id", fw.Id.Value);
        MesosJson.WriteResources(w, "resources", resources);
        w.WriteStartArray("tasks");
        foreach (AgentTask task in executor.Tasks.Values)
            WriteTask(w, task, state);
        w.WriteEndArray();
        w.WriteStartArray("queued_tasks");
        w.WriteEndArray();
        w.WriteStartArray("completed_tasks");
        foreach (AgentTask task in executor.CompletedTasks)
            WriteTask(w, task, state);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTask(Utf8JsonWriter w, AgentTask task, AgentRuntimeState state)
    {
        w.WriteStartObject();
        w.WriteString("id", task.TaskId.Value);
        w.WriteString("name", task.Info.Name);
        w.WriteString("framework_id", task.FrameworkId.Value);
        w.WriteString("executor_id", task.CommandExecutor ? "" : task.ExecutorId.Value);
        w.WriteString("slave_id", state.AgentId?.Value ?? "");
        w.WriteString("state", task.State.WireName());
        MesosJson.WriteResources(w, "resources", task.Info.Resources);
        w.WriteStartArray("statuses");
        foreach (MesosStatus status in task.Statuses)
        {
            w.WriteStartObject();
            w.WriteString("state", status.State.WireName());
            w.WriteNumber("timestamp", status.Timestamp);
            if (status.ContainerId is not null)
            {
                w.WriteStartObject("container_status");
                w.WriteStartObject("container_id");
                w.WriteString("value", status.ContainerId);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (task.Info.Labels.Count > 0)
        {
            w.WriteStartArray("labels");
            foreach (Label label in task.Info.Labels)
            {
                w.WriteStartObject();
                w.WriteString("key", label.Key);
                w.WriteString("value", label.Value ?? "");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "secs";
}
