using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Json;
using FastMesos.Master.Ha;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>The documents of <c>/master/state</c>, <c>/state-summary</c>, <c>/frameworks</c>, <c>/slaves</c> and <c>/tasks</c>.</summary>
internal static class MasterStateJson
{
    public static void WriteState(Utf8JsonWriter w, MasterSnapshot s, MasterLeadership leadership)
    {
        MasterOptions o = s.Options;
        string pid = s.Pid;
        w.WriteStartObject();
        w.WriteString("version", o.Version);
        w.WriteString("git_sha", "");
        w.WriteString("build_date", "");
        w.WriteNumber("build_time", 0);
        w.WriteString("build_user", "fastmesos");
        w.WriteNumber("start_time", s.StartTime);
        if (leadership.IsElected)
            w.WriteNumber("elected_time", s.StartTime);
        w.WriteString("id", o.MasterId);
        w.WriteString("pid", pid);
        w.WriteString("hostname", o.Hostname);
        (int active, int inactive, int unreachable) = s.AgentCounts();

        w.WriteNumber("activated_slaves", active);
        w.WriteNumber("deactivated_slaves", inactive);
        w.WriteNumber("unreachable_slaves", unreachable);
        WriteLeader(w, s, leadership);
        w.WriteStartObject("flags");
        foreach ((string name, string value) in Flags(o))
            w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteStartArray("slaves");
        Dictionary<string, Resources> offered = MasterJson.OfferedByAgent(s);
        foreach (ref readonly AgentView agent in s.Agents)
        {
            if (agent.State is AgentState.Connected or AgentState.Disconnected)
                MasterJson.WriteAgent(w, s, agent, offered);
        }

        w.WriteEndArray();
        WriteRecoveredAgents(w, s, "");
        w.WriteStartArray("frameworks");
        foreach (ref readonly FrameworkView fw in s.Frameworks)
            MasterJson.WriteFramework(w, s, fw);
        w.WriteEndArray();
        w.WriteStartArray("completed_frameworks");
        foreach (ref readonly FrameworkView fw in s.CompletedFrameworks)
            MasterJson.WriteFramework(w, s, fw);
        w.WriteEndArray();
        w.WriteStartArray("orphan_tasks");
        w.WriteEndArray();
        w.WriteStartArray("unregistered_frameworks");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The state document's <c>flags</c>: the master's flags that tools read, as Mesos' strings.</summary>
    public static (string Name, string Value)[] Flags(MasterOptions o) =>
    [
        ("port", o.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("hostname", o.Hostname),
        ("allocation_interval", $"{o.Allocator.AllocationInterval.TotalSeconds}secs"),
        ("agent_ping_timeout", $"{o.AgentPingTimeout.TotalSeconds}secs"),
        ("max_agent_ping_timeouts", o.MaxAgentPingTimeouts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// <c>leader</c> (a pid) and <c>leader_info</c> (MasterInfo JSON): this master's when it leads, the
    /// detected leader's znode content on a standby, and neither while a standby knows no leader.
    /// </summary>
    public static void WriteLeader(Utf8JsonWriter w, MasterSnapshot s, MasterLeadership leadership)
    {
        if (leadership.IsElected)
        {
            w.WriteString("leader", s.Pid);
            WriteLeaderInfo(w, s.Options);
        }
        else if (leadership.Leader is { } leader)
        {
            w.WriteString("leader", leader.Pid);
            w.WritePropertyName("leader_info");
            w.WriteRawValue(leader.Json);
        }
    }

    /// <summary>The leader's <c>leader_info</c>: the same MasterInfo JSON its election znode holds.</summary>
    public static void WriteLeaderInfo(Utf8JsonWriter w, MasterOptions options)
    {
        w.WritePropertyName("leader_info");
        MasterInfoJson.WriteValue(w, options);
    }

    public static void WriteSummary(Utf8JsonWriter w, MasterSnapshot s, MasterLeadership leadership)
    {
        w.WriteStartObject();
        w.WriteString("hostname", s.Options.Hostname);
        WriteLeader(w, s, leadership);
        w.WriteStartArray("slaves");
        Dictionary<string, Resources> offered = MasterJson.OfferedByAgent(s);
        foreach (ref readonly AgentView agent in s.Agents)
        {
            if (agent.State is AgentState.Unreachable or AgentState.Recovered)
                continue;
            w.WriteStartObject();
            w.WriteString("id", agent.Id);
            MasterJson.WritePid(w, agent);
            w.WriteString("hostname", agent.Info.Hostname);
            MesosJson.WriteResources(w, "resources", agent.Info.Resources);
            ReadOnlySpan<TaskView> tasks = s.TasksOf(agent);
            MasterJson.WriteUsed(w, "used_resources", tasks);
            MesosJson.WriteResources(w, "offered_resources", offered.GetValueOrDefault(agent.Id, Resources.Empty));
            MesosJson.WriteResources(w, "reserved_resources", agent.Info.Resources.Reserved());
            MesosJson.WriteResources(w, "unreserved_resources", agent.Info.Resources.Unreserved());
            MesosJson.WriteAttributes(w, "attributes", agent.Info.Attributes);
            w.WriteBoolean("active", agent.State == AgentState.Connected);
            w.WriteString("version", agent.Version);
            WriteStateCounts(w, tasks);
            w.WriteStartArray("framework_ids");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (ref readonly TaskView task in tasks)
            {
                if (ids.Add(task.Record.FrameworkId))
                    w.WriteStringValue(task.Record.FrameworkId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("frameworks");
        foreach (ref readonly FrameworkView fw in s.Frameworks)
        {
            ReadOnlySpan<TaskView> tasks = s.TasksOf(fw);
            w.WriteStartObject();
            w.WriteString("id", fw.Id);
            w.WriteString("name", fw.Info.Name);
            w.WriteString("hostname", fw.Info.Hostname ?? "");
            w.WriteString("webui_url", fw.Info.WebUiUrl ?? "");
            w.WriteBoolean("active", fw.Active);
            w.WriteBoolean("connected", fw.Connected);
            MasterJson.WriteUsed(w, "used_resources", tasks);
            w.WriteStartArray("capabilities");
            foreach (string capability in MasterJson.CapabilityNames(fw.Info.Capabilities))
                w.WriteStringValue(capability);
            w.WriteEndArray();
            WriteStateCounts(w, tasks);
            w.WriteStartArray("slave_ids");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (ref readonly TaskView task in tasks)
            {
                if (ids.Add(task.Record.AgentId))
                    w.WriteStringValue(task.Record.AgentId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Per-state task counts as <c>"TASK_RUNNING": n</c> properties, every state present (Mesos does the same).</summary>
    private static void WriteStateCounts(Utf8JsonWriter w, ReadOnlySpan<TaskView> tasks)
    {
        Span<int> counts = stackalloc int[16];
        foreach (ref readonly TaskView task in tasks)
        {
            int s = (int)task.State;
            if ((uint)s < (uint)counts.Length)
                counts[s]++;
        }

        foreach (TaskState state in Enum.GetValues<TaskState>())
        {
            int s = (int)state;
            if ((uint)s < (uint)counts.Length)
                w.WriteNumber(state.WireName(), counts[s]);
        }
    }

    public static void WriteFrameworks(Utf8JsonWriter w, MasterSnapshot s, string frameworkId)
    {
        w.WriteStartObject();
        w.WriteStartArray("frameworks");
        foreach (ref readonly FrameworkView fw in s.Frameworks)
        {
            if (frameworkId.Length == 0 || fw.Id == frameworkId)
                MasterJson.WriteFramework(w, s, fw);
        }

        w.WriteEndArray();
        w.WriteStartArray("completed_frameworks");
        foreach (ref readonly FrameworkView fw in s.CompletedFrameworks)
        {
            if (frameworkId.Length == 0 || fw.Id == frameworkId)
                MasterJson.WriteFramework(w, s, fw);
        }

        w.WriteEndArray();
        w.WriteStartArray("unregistered_frameworks");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteAgents(Utf8JsonWriter w, MasterSnapshot s, string agentId)
    {
        w.WriteStartObject();
        w.WriteStartArray("slaves");
        Dictionary<string, Resources> offered = MasterJson.OfferedByAgent(s);
        foreach (ref readonly AgentView agent in s.Agents)
        {
            if (agent.State is AgentState.Connected or AgentState.Disconnected && (agentId.Length == 0 || agent.Id == agentId))
                MasterJson.WriteAgent(w, s, agent, offered);
        }

        w.WriteEndArray();
        WriteRecoveredAgents(w, s, agentId);
        w.WriteEndObject();
    }

    /// <summary>
    /// Mesos' <c>recovered_slaves</c>: agents a new leader read from the registry that have not
    /// re-registered with it yet, as their AgentInfo (id, hostname, port, resources, attributes).
    /// </summary>
    private static void WriteRecoveredAgents(Utf8JsonWriter w, MasterSnapshot s, string agentId)
    {
        w.WriteStartArray("recovered_slaves");
        foreach (ref readonly AgentView agent in s.Agents)
        {
            if (agent.State != AgentState.Recovered || (agentId.Length != 0 && agent.Id != agentId))
                continue;
            w.WriteStartObject();
            w.WriteString("id", agent.Id);
            w.WriteString("hostname", agent.Info.Hostname);
            w.WriteNumber("port", agent.Info.Port);
            MesosJson.WriteResources(w, "resources", agent.Info.Resources);
            MesosJson.WriteAttributes(w, "attributes", agent.Info.Attributes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteTasks(Utf8JsonWriter w, MasterSnapshot s, TaskQuery query)
    {
        // (first status' timestamp, task): Mesos orders by the first status' timestamp.
        var tasks = new List<(double First, TaskView Task)>();
        foreach (ref readonly FrameworkView fw in s.Frameworks)
        {
            if (query.FrameworkId.Length > 0 && fw.Id != query.FrameworkId)
                continue;
            AddTasks(tasks, s, s.TasksOf(fw), query.TaskId);
            AddTasks(tasks, s, s.CompletedTasksOf(fw), query.TaskId);
        }

        tasks.Sort(static (a, b) => a.First.CompareTo(b.First));
        if (query.Descending)
            tasks.Reverse();
        w.WriteStartObject();
        w.WriteStartArray("tasks");
        for (int i = query.Offset; i < tasks.Count && i < (long)query.Offset + query.Limit; i++)
            MasterJson.WriteTask(w, s, tasks[i].Task);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void AddTasks(List<(double First, TaskView Task)> tasks, MasterSnapshot s, ReadOnlySpan<TaskView> views, string taskId)
    {
        foreach (ref readonly TaskView task in views)
        {
            if (taskId.Length > 0 && task.Record.TaskId != taskId)
                continue;
            ReadOnlySpan<(TaskState State, double Timestamp)> statuses = s.Statuses(task);
            tasks.Add((statuses.Length > 0 ? statuses[0].Timestamp : 0, task));
        }
    }
}
