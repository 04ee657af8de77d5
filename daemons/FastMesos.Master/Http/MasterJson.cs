using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Json;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// Mesos' JSON shapes of the master's objects (<c>src/master/readonly_handler.cpp</c>): agents,
/// frameworks, tasks and offers, written straight to a <see cref="Utf8JsonWriter"/> from a
/// <see cref="MasterSnapshot"/> (outside the master's lock).
/// </summary>
internal static class MasterJson
{
    public static string Pid(MasterCore core) => $"master@{core.Options.Ip}:{core.Options.Port}";

    /// <summary>One agent object of <c>/master/state</c> and <c>/master/slaves</c>.</summary>
    /// <param name="w">The document being written.</param>
    /// <param name="s">The snapshot the agent is in.</param>
    /// <param name="agent">The agent.</param>
    /// <param name="offered">Each agent's outstanding offers summed (<see cref="OfferedByAgent"/>), built once per document.</param>
    public static void WriteAgent(Utf8JsonWriter w, MasterSnapshot s, in AgentView agent, Dictionary<string, Resources> offered)
    {
        w.WriteStartObject();
        w.WriteString("id", agent.Id);
        WritePid(w, agent);
        w.WriteString("hostname", agent.Info.Hostname);
        w.WriteNumber("port", agent.Info.Port);
        w.WriteNumber("registered_time", agent.RegisteredTime);
        if (agent.ReregisteredTime is double re)
            w.WriteNumber("reregistered_time", re);
        MesosJson.WriteResources(w, "resources", agent.Info.Resources);
        WriteUsed(w, "used_resources", s.TasksOf(agent));
        MesosJson.WriteResources(w, "offered_resources", offered.GetValueOrDefault(agent.Id, Resources.Empty));
        MesosJson.WriteResources(w, "reserved_resources", agent.Info.Resources.Reserved());
        MesosJson.WriteResources(w, "unreserved_resources", agent.Info.Resources.Unreserved());
        MesosJson.WriteAttributes(w, "attributes", agent.Info.Attributes);
        w.WriteBoolean("active", agent.State == AgentState.Connected);
        w.WriteBoolean("deactivated", agent.State != AgentState.Connected);
        w.WriteString("version", agent.Version);
        w.WriteEndObject();
    }

    public static void WriteFramework(Utf8JsonWriter w, MasterSnapshot s, in FrameworkView fw)
    {
        FrameworkInfo info = fw.Info;
        w.WriteStartObject();
        w.WriteString("id", fw.Id);
        w.WriteString("name", info.Name);
        w.WriteString("user", info.User);
        w.WriteString("hostname", info.Hostname ?? "");
        w.WriteString("webui_url", info.WebUiUrl ?? "");
        if (info.Principal is not null)
            w.WriteString("principal", info.Principal);
        w.WriteNumber("failover_timeout", info.FailoverTimeoutSeconds);
        w.WriteBoolean("checkpoint", info.Checkpoint);
        w.WriteString("role", info.Roles.Count > 0 ? info.Roles[0] : "*");
        w.WriteStartArray("roles");
        foreach (string role in info.Roles)
            w.WriteStringValue(role);
        w.WriteEndArray();
        w.WriteNumber("registered_time", fw.RegisteredTime);
        if (fw.ReregisteredTime is double re)
            w.WriteNumber("reregistered_time", re);
        w.WriteNumber("unregistered_time", fw.UnregisteredTime ?? 0);
        w.WriteBoolean("active", fw.Active);
        w.WriteBoolean("connected", fw.Connected);
        w.WriteBoolean("recovered", false);
        w.WriteStartArray("capabilities");
        foreach (string capability in CapabilityNames(info.Capabilities))
            w.WriteStringValue(capability);
        w.WriteEndArray();

        ReadOnlySpan<TaskView> tasks = s.TasksOf(fw);
        Resources used = UsedBy(tasks);
        Resources offered = Resources.Empty;
        foreach (Offer offer in s.Offers)
        {
            if (offer.FrameworkId.Value == fw.Id)
                offered += offer.Resources;
        }

        MesosJson.WriteResources(w, "used_resources", used);
        MesosJson.WriteResources(w, "offered_resources", offered);
        MesosJson.WriteResources(w, "resources", used + offered);

        w.WriteStartArray("tasks");
        foreach (ref readonly TaskView task in tasks)
        {
            if (task.State != TaskState.Unreachable)
                WriteTask(w, s, task);
        }

        w.WriteEndArray();
        w.WriteStartArray("unreachable_tasks");
        foreach (ref readonly TaskView task in tasks)
        {
            if (task.State == TaskState.Unreachable)
                WriteTask(w, s, task);
        }

        w.WriteEndArray();
        w.WriteStartArray("completed_tasks");
        foreach (ref readonly TaskView task in s.CompletedTasksOf(fw))
            WriteTask(w, s, task);
        w.WriteEndArray();
        w.WriteStartArray("offers");
        foreach (Offer offer in s.Offers)
        {
            if (offer.FrameworkId.Value == fw.Id)
                WriteOffer(w, offer);
        }

        w.WriteEndArray();
        w.WriteStartArray("executors");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // Property names of the per-task and per-agent objects, encoded once: 100k tasks per document.
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText FrameworkIdName = JsonEncodedText.Encode("framework_id");
    private static readonly JsonEncodedText ExecutorIdName = JsonEncodedText.Encode("executor_id");
    private static readonly JsonEncodedText SlaveIdName = JsonEncodedText.Encode("slave_id");
    private static readonly JsonEncodedText AgentIdName = JsonEncodedText.Encode("agent_id");
    private static readonly JsonEncodedText StateName = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText RoleName = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText ResourcesName = JsonEncodedText.Encode("resources");
    private static readonly JsonEncodedText StatusesName = JsonEncodedText.Encode("statuses");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText LabelsName = JsonEncodedText.Encode("labels");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");

    [ThreadStatic]
    private static ResourceSum? t_sum;

    // TaskState's wire names by value (0..13), encoded once.
    private static readonly JsonEncodedText[] StateTexts = EncodeStates();

    public static void WriteTask(Utf8JsonWriter w, MasterSnapshot s, in TaskView view)
    {
        TaskRecord task = view.Record;
        w.WriteStartObject();
        w.WriteString(IdName, task.TaskId);
        w.WriteString(NameName, task.Name);
        w.WriteString(FrameworkIdName, task.FrameworkId);
        w.WriteString(ExecutorIdName, task.ExecutorId ?? "");
        w.WriteString(SlaveIdName, task.AgentId);
        w.WriteString(AgentIdName, task.AgentId);
        w.WriteString(StateName, StateText(view.State));
        w.WriteString(RoleName, task.Role);
        MesosJson.WriteResources(w, ResourcesName, task.Resources);
        w.WriteStartArray(StatusesName);
        ReadOnlySpan<(TaskState State, double Timestamp)> statuses = s.Statuses(view);
        for (int i = 0; i < statuses.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString(StateName, StateText(statuses[i].State));
            w.WriteNumber(TimestampName, statuses[i].Timestamp);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        IReadOnlyList<Label> labels = task.Labels;
        if (labels.Count > 0)
        {
            w.WriteStartArray(LabelsName);
            for (int i = 0; i < labels.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString(KeyName, labels[i].Key);
                w.WriteString(ValueName, labels[i].Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static void WriteOffer(Utf8JsonWriter w, Offer offer)
    {
        w.WriteStartObject();
        w.WriteString("id", offer.Id.Value);
        w.WriteString("framework_id", offer.FrameworkId.Value);
        w.WriteString("slave_id", offer.AgentId.Value);
        w.WriteString("agent_id", offer.AgentId.Value);
        w.WriteString("hostname", offer.Hostname);
        MesosJson.WriteResources(w, "resources", offer.Resources);
        if (offer.AllocationRole is not null)
        {
            w.WriteStartObject("allocation_info");
            w.WriteString("role", offer.AllocationRole);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static JsonEncodedText StateText(TaskState state) =>
        (uint)state < (uint)StateTexts.Length ? StateTexts[(int)state] : JsonEncodedText.Encode(state.WireName());

    private static JsonEncodedText[] EncodeStates()
    {
        var texts = new JsonEncodedText[(int)TaskState.Unknown + 1];
        for (int i = 0; i < texts.Length; i++)
            texts[i] = JsonEncodedText.Encode(((TaskState)i).WireName());
        return texts;
    }

    /// <summary>The agent's <c>pid</c> property, formatted on the stack.</summary>
    public static void WritePid(Utf8JsonWriter w, in AgentView agent)
    {
        Span<byte> pid = stackalloc byte[AgentView.PidStackBytes];
        if (agent.TryFormatPid(pid, out int length))
            w.WriteString(PidName, pid[..length]);
        else
            w.WriteString(PidName, agent.Pid);
    }

    private static readonly JsonEncodedText PidName = JsonEncodedText.Encode("pid");

    /// <summary>The resources of the tasks that hold some (<see cref="MasterCore.UsesResources"/>: neither terminal nor unreachable).</summary>
    public static Resources UsedBy(ReadOnlySpan<TaskView> tasks) => SumUsed(tasks).Take();

    /// <summary>
    /// Writes <see cref="UsedBy"/>(<paramref name="tasks"/>) as the property <paramref name="name"/>
    /// without building it when it is scalars only (every agent's <c>used_resources</c>).
    /// </summary>
    public static void WriteUsed(Utf8JsonWriter w, string name, ReadOnlySpan<TaskView> tasks) => WriteSum(w, name, SumUsed(tasks));

    /// <summary>Writes what <paramref name="sum"/> holds as the property <paramref name="name"/>, as <c>WriteResources(sum.Take())</c> would, and empties it.</summary>
    public static void WriteSum(Utf8JsonWriter w, string name, ResourceSum sum)
    {
        if (sum.Whole is { } whole)
        {
            MesosJson.WriteResources(w, name, whole);
        }
        else
        {
            w.WriteStartObject(name);
            for (int i = 0; i < sum.KindCount; i++)
            {
                if (sum.TryGetMerged(i, out string resource, out long milli))
                    MesosJson.WriteScalar(w, resource, milli);
            }

            w.WriteEndObject();
        }

        sum.Reset();
    }

    /// <summary>The thread's accumulator holding the used resources of <paramref name="tasks"/>; the caller empties it after (so it holds no task's resources between documents).</summary>
    public static ResourceSum SumUsed(ReadOnlySpan<TaskView> tasks)
    {
        // One accumulator per thread: documents are written concurrently, outside any lock. Emptied
        // first: a document whose writing threw may have left the last agent's sum in it.
        ResourceSum sum = t_sum ??= new ResourceSum();
        sum.Reset();
        foreach (ref readonly TaskView task in tasks)
        {
            if (MasterCore.UsesResources(task.State))
                sum.Add(task.Record.Resources);
        }

        return sum;
    }

    /// <summary>
    /// Every agent's outstanding offers summed, in one pass over the offers: looking them up per agent
    /// cost agents × offers (10⁸ comparisons with 10k agents each offered once). Offers of one agent
    /// are added in the order the master holds them, as the per-agent scan did.
    /// </summary>
    public static Dictionary<string, Resources> OfferedByAgent(MasterSnapshot s)
    {
        var offered = new Dictionary<string, Resources>(StringComparer.Ordinal);
        foreach (Offer offer in s.Offers)
        {
            string agent = offer.AgentId.Value;
            offered[agent] = offered.TryGetValue(agent, out Resources? sum) ? sum + offer.Resources : offer.Resources;
        }

        return offered;
    }

    /// <summary>Mesos' capability type names (FrameworkInfo.Capability.Type).</summary>
    public static IEnumerable<string> CapabilityNames(FrameworkCapabilities caps)
    {
        if ((caps & FrameworkCapabilities.RevocableResources) != 0) yield return "REVOCABLE_RESOURCES";
        if ((caps & FrameworkCapabilities.TaskKillingState) != 0) yield return "TASK_KILLING_STATE";
        if ((caps & FrameworkCapabilities.GpuResources) != 0) yield return "GPU_RESOURCES";
        if ((caps & FrameworkCapabilities.SharedResources) != 0) yield return "SHARED_RESOURCES";
        if ((caps & FrameworkCapabilities.PartitionAware) != 0) yield return "PARTITION_AWARE";
        if ((caps & FrameworkCapabilities.MultiRole) != 0) yield return "MULTI_ROLE";
        if ((caps & FrameworkCapabilities.ReservationRefinement) != 0) yield return "RESERVATION_REFINEMENT";
        if ((caps & FrameworkCapabilities.RegionAware) != 0) yield return "REGION_AWARE";
    }
}
