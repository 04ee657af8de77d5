using System.Text.Json;
using FastMesos.Engine.Master;
using FastMesos.Hosting.Json;
using FastMesos.Master.Ha;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// <c>/master/state</c> as MessagePack (asked for with <c>Accept: application/x-msgpack</c>): the
/// same document as <see cref="MasterStateJson.WriteState"/> — the same keys, in the same order,
/// holding the same values — so a client decodes it into the tree it would parse from the JSON.
/// Resource scalars and times are float 64, counts and ports integers. Written from a
/// <see cref="MasterSnapshot"/>, outside the master's lock. Keep it in step with the JSON writers:
/// <c>MasterStateMessagePackTests</c> compares the two documents value for value.
/// </summary>
internal static class MasterStateMessagePack
{
    public static void WriteState(MessagePackDocumentWriter w, MasterSnapshot s, MasterLeadership leadership)
    {
        MasterOptions o = s.Options;
        w.StartMap();
        w.String("version", o.Version);
        w.String("git_sha", "");
        w.String("build_date", "");
        w.Number("build_time", 0);
        w.String("build_user", "fastmesos");
        w.Number("start_time", s.StartTime);
        if (leadership.IsElected)
            w.Number("elected_time", s.StartTime);
        w.String("id", o.MasterId);
        w.String("pid", s.Pid);
        w.String("hostname", o.Hostname);
        (int active, int inactive, int unreachable) = s.AgentCounts();

        w.Number("activated_slaves", active);
        w.Number("deactivated_slaves", inactive);
        w.Number("unreachable_slaves", unreachable);
        WriteLeader(w, s, leadership);
        w.StartMap("flags");
        foreach ((string name, string value) in MasterStateJson.Flags(o))
            w.String(name, value);
        w.EndMap();
        w.StartArray("slaves");
        Dictionary<string, Resources> offered = MasterJson.OfferedByAgent(s);
        foreach (ref readonly AgentView agent in s.Agents)
        {
            if (agent.State is AgentState.Connected or AgentState.Disconnected)
                WriteAgent(w, s, agent, offered);
        }

        w.EndArray();
        w.StartArray("recovered_slaves");
        foreach (ref readonly AgentView agent in s.Agents)
        {
            if (agent.State != AgentState.Recovered)
                continue;
            w.StartMap();
            w.String("id", agent.Id);
            w.String("hostname", agent.Info.Hostname);
            w.Number("port", agent.Info.Port);
            WriteResources(w, "resources", agent.Info.Resources);
            WriteAttributes(w, agent.Info.Attributes);
            w.EndMap();
        }

        w.EndArray();
        w.StartArray("frameworks");
        foreach (ref readonly FrameworkView fw in s.Frameworks)
            WriteFramework(w, s, fw);
        w.EndArray();
        w.StartArray("completed_frameworks");
        foreach (ref readonly FrameworkView fw in s.CompletedFrameworks)
            WriteFramework(w, s, fw);
        w.EndArray();
        w.StartArray("orphan_tasks");
        w.EndArray();
        w.StartArray("unregistered_frameworks");
        w.EndArray();
        w.EndMap();
    }

    private static void WriteLeader(MessagePackDocumentWriter w, MasterSnapshot s, MasterLeadership leadership)
    {
        if (leadership.IsElected)
        {
            w.String("leader", s.Pid);
            w.Key("leader_info");
            using JsonDocument info = JsonDocument.Parse(MasterInfoJson.Write(s.Options));
            w.Json(info.RootElement);
        }
        else if (leadership.Leader is { } leader)
        {
            w.String("leader", leader.Pid);
            w.Key("leader_info");
            using JsonDocument info = JsonDocument.Parse(leader.Json);
            w.Json(info.RootElement);
        }
    }

    private static void WriteAgent(MessagePackDocumentWriter w, MasterSnapshot s, in AgentView agent, Dictionary<string, Resources> offered)
    {
        w.StartMap();
        w.String("id", agent.Id);
        w.Key("pid");
        Span<byte> pid = stackalloc byte[AgentView.PidStackBytes];
        if (agent.TryFormatPid(pid, out int pidLength))
            w.StringUtf8(pid[..pidLength]);
        else
            w.String(agent.Pid);
        w.String("hostname", agent.Info.Hostname);
        w.Number("port", agent.Info.Port);
        w.Number("registered_time", agent.RegisteredTime);
        if (agent.ReregisteredTime is double re)
            w.Number("reregistered_time", re);
        WriteResources(w, "resources", agent.Info.Resources);
        WriteUsed(w, "used_resources", s.TasksOf(agent));
        WriteResources(w, "offered_resources", offered.GetValueOrDefault(agent.Id, Resources.Empty));
        WriteResources(w, "reserved_resources", agent.Info.Resources.Reserved());
        WriteResources(w, "unreserved_resources", agent.Info.Resources.Unreserved());
        WriteAttributes(w, agent.Info.Attributes);
        w.Boolean("active", agent.State == AgentState.Connected);
        w.Boolean("deactivated", agent.State != AgentState.Connected);
        w.String("version", agent.Version);
        w.EndMap();
    }

    private static void WriteFramework(MessagePackDocumentWriter w, MasterSnapshot s, in FrameworkView fw)
    {
        FrameworkInfo info = fw.Info;
        w.StartMap();
        w.String("id", fw.Id);
        w.String("name", info.Name);
        w.String("user", info.User);
        w.String("hostname", info.Hostname ?? "");
        w.String("webui_url", info.WebUiUrl ?? "");
        if (info.Principal is not null)
            w.String("principal", info.Principal);
        w.Number("failover_timeout", info.FailoverTimeoutSeconds);
        w.Boolean("checkpoint", info.Checkpoint);
        w.String("role", info.Roles.Count > 0 ? info.Roles[0] : "*");
        w.StartArray("roles");
        foreach (string role in info.Roles)
            w.String(role);
        w.EndArray();
        w.Number("registered_time", fw.RegisteredTime);
        if (fw.ReregisteredTime is double re)
            w.Number("reregistered_time", re);
        w.Number("unregistered_time", fw.UnregisteredTime ?? 0);
        w.Boolean("active", fw.Active);
        w.Boolean("connected", fw.Connected);
        w.Boolean("recovered", false);
        w.StartArray("capabilities");
        foreach (string capability in MasterJson.CapabilityNames(info.Capabilities))
            w.String(capability);
        w.EndArray();

        ReadOnlySpan<TaskView> tasks = s.TasksOf(fw);
        Resources used = MasterJson.UsedBy(tasks);
        Resources offered = Resources.Empty;
        foreach (Offer offer in s.Offers)
        {
            if (offer.FrameworkId.Value == fw.Id)
                offered += offer.Resources;
        }

        WriteResources(w, "used_resources", used);
        WriteResources(w, "offered_resources", offered);
        WriteResources(w, "resources", used + offered);
        w.StartArray("tasks");
        foreach (ref readonly TaskView task in tasks)
        {
            if (task.State != TaskState.Unreachable)
                WriteTask(w, s, task);
        }

        w.EndArray();
        w.StartArray("unreachable_tasks");
        foreach (ref readonly TaskView task in tasks)
        {
            if (task.State == TaskState.Unreachable)
                WriteTask(w, s, task);
        }

        w.EndArray();
        w.StartArray("completed_tasks");
        foreach (ref readonly TaskView task in s.CompletedTasksOf(fw))
            WriteTask(w, s, task);
        w.EndArray();
        w.StartArray("offers");
        foreach (Offer offer in s.Offers)
        {
            if (offer.FrameworkId.Value == fw.Id)
                WriteOffer(w, offer);
        }

        w.EndArray();
        w.StartArray("executors");
        w.EndArray();
        w.EndMap();
    }

    // Keys and values every task repeats, encoded once (100k tasks per document).
    private static readonly byte[] IdKey = MessagePackDocumentWriter.Encode("id");
    private static readonly byte[] NameKey = MessagePackDocumentWriter.Encode("name");
    private static readonly byte[] FrameworkIdKey = MessagePackDocumentWriter.Encode("framework_id");
    private static readonly byte[] ExecutorIdKey = MessagePackDocumentWriter.Encode("executor_id");
    private static readonly byte[] SlaveIdKey = MessagePackDocumentWriter.Encode("slave_id");
    private static readonly byte[] AgentIdKey = MessagePackDocumentWriter.Encode("agent_id");
    private static readonly byte[] StateKey = MessagePackDocumentWriter.Encode("state");
    private static readonly byte[] RoleKey = MessagePackDocumentWriter.Encode("role");
    private static readonly byte[] ResourcesKey = MessagePackDocumentWriter.Encode("resources");
    private static readonly byte[] StatusesKey = MessagePackDocumentWriter.Encode("statuses");
    private static readonly byte[] TimestampKey = MessagePackDocumentWriter.Encode("timestamp");
    private static readonly byte[] LabelsKey = MessagePackDocumentWriter.Encode("labels");
    private static readonly byte[] KeyKey = MessagePackDocumentWriter.Encode("key");
    private static readonly byte[] ValueKey = MessagePackDocumentWriter.Encode("value");
    private static readonly byte[] CpusKey = MessagePackDocumentWriter.Encode("cpus");
    private static readonly byte[] MemKey = MessagePackDocumentWriter.Encode("mem");
    private static readonly byte[] DiskKey = MessagePackDocumentWriter.Encode("disk");
    private static readonly byte[] GpusKey = MessagePackDocumentWriter.Encode("gpus");
    private static readonly byte[] PortsKey = MessagePackDocumentWriter.Encode("ports");

    // TaskState's wire names by value, encoded once.
    private static readonly byte[][] StateValues = EncodeStates();

    private static byte[][] EncodeStates()
    {
        var values = new byte[(int)TaskState.Unknown + 1][];
        for (int i = 0; i < values.Length; i++)
            values[i] = MessagePackDocumentWriter.Encode(((TaskState)i).WireName());
        return values;
    }

    private static void WriteState(MessagePackDocumentWriter w, byte[] key, TaskState state)
    {
        w.Key(key);
        if ((uint)state < (uint)StateValues.Length)
            w.String(StateValues[(int)state]);
        else
            w.String(state.WireName());
    }

    private static void WriteTask(MessagePackDocumentWriter w, MasterSnapshot s, in TaskView view)
    {
        TaskRecord task = view.Record;
        w.StartMap();
        w.String(IdKey, task.TaskId);
        w.String(NameKey, task.Name);
        w.String(FrameworkIdKey, task.FrameworkId);
        w.String(ExecutorIdKey, task.ExecutorId ?? "");
        w.String(SlaveIdKey, task.AgentId);
        w.String(AgentIdKey, task.AgentId);
        WriteState(w, StateKey, view.State);
        w.String(RoleKey, task.Role);
        WriteResources(w, ResourcesKey, task.Resources);
        w.Key(StatusesKey);
        w.StartArray();
        foreach (ref readonly (TaskState State, double Timestamp) status in s.Statuses(view))
        {
            w.StartMap();
            WriteState(w, StateKey, status.State);
            w.Number(TimestampKey, status.Timestamp);
            w.EndMap();
        }

        w.EndArray();
        IReadOnlyList<Label> labels = task.Labels;
        if (labels.Count > 0)
        {
            w.Key(LabelsKey);
            w.StartArray();
            for (int i = 0; i < labels.Count; i++)
            {
                w.StartMap();
                w.String(KeyKey, labels[i].Key);
                w.String(ValueKey, labels[i].Value);
                w.EndMap();
            }

            w.EndArray();
        }

        w.EndMap();
    }

    private static void WriteOffer(MessagePackDocumentWriter w, Offer offer)
    {
        w.StartMap();
        w.String("id", offer.Id.Value);
        w.String("framework_id", offer.FrameworkId.Value);
        w.String("slave_id", offer.AgentId.Value);
        w.String("agent_id", offer.AgentId.Value);
        w.String("hostname", offer.Hostname);
        WriteResources(w, "resources", offer.Resources);
        if (offer.AllocationRole is not null)
        {
            w.StartMap("allocation_info");
            w.String("role", offer.AllocationRole);
            w.EndMap();
        }

        w.EndMap();
    }

    private static void WriteResources(MessagePackDocumentWriter w, string key, Resources resources)
    {
        w.Key(key);
        WriteResourcesValue(w, resources);
    }

    private static void WriteResources(MessagePackDocumentWriter w, byte[] key, Resources resources)
    {
        w.Key(key);
        WriteResourcesValue(w, resources);
    }

    /// <summary>What <see cref="MasterJson.WriteUsed"/> writes, as MessagePack.</summary>
    private static void WriteUsed(MessagePackDocumentWriter w, string key, ReadOnlySpan<TaskView> tasks)
    {
        ResourceSum sum = MasterJson.SumUsed(tasks);
        if (sum.Whole is { } whole)
        {
            WriteResources(w, key, whole);
        }
        else
        {
            w.Key(key);
            w.StartMap();
            for (int i = 0; i < sum.KindCount; i++)
            {
                if (sum.TryGetMerged(i, out string resource, out long milli))
                {
                    ResourceName(w, resource);
                    w.Number(milli / (double)Scalar.Scale);
                }
            }

            w.EndMap();
        }

        sum.Reset();
    }

    /// <summary>The text of a ranges resource (formatted on the stack: every agent's ports, several times per document) or a set's.</summary>
    private static void RangesOrSet(MessagePackDocumentWriter w, Resource r)
    {
        if (r.Type == ResourceType.Ranges)
        {
            Span<byte> text = stackalloc byte[RangesUtf8.StackBytes];
            int length = RangesUtf8.TryFormat(r.RangeSpan, text);
            if (length >= 0)
            {
                w.StringUtf8(text[..length]);
                return;
            }
        }

        w.String(MesosJson.ValueText(r));
    }

    /// <summary>Mesos' compact resources (<see cref="MesosJson.WriteResources(Utf8JsonWriter, string, Resources)"/>): name → scalar, or ranges or set text.</summary>
    private static void WriteResourcesValue(MessagePackDocumentWriter w, Resources resources)
    {
        w.StartMap();
        if (MesosJson.NamesDistinct(resources))
        {
            for (int i = 0; i < resources.Count; i++)
            {
                Resource r = resources[i];
                ResourceName(w, r.Name);
                if (r.Type == ResourceType.Scalar)
                    w.Number(r.Scalar.Milli / (double)Scalar.Scale);
                else
                    RangesOrSet(w, r);
            }
        }
        else
        {
            foreach (MesosResourceValue value in MesosJson.Merge(resources))
            {
                ResourceName(w, value.Name);
                if (value.Text is null)
                    w.Number(value.Milli / (double)Scalar.Scale);
                else
                    w.String(value.Text);
            }
        }

        w.EndMap();
    }

    private static void ResourceName(MessagePackDocumentWriter w, string name)
    {
        byte[]? known = name switch
        {
            "cpus" => CpusKey,
            "mem" => MemKey,
            "disk" => DiskKey,
            "gpus" => GpusKey,
            "ports" => PortsKey,
            _ => null,
        };
        if (known is null)
            w.Key(name);
        else
            w.Key(known);
    }

    private static void WriteAttributes(MessagePackDocumentWriter w, AgentAttributes attributes)
    {
        w.StartMap("attributes");
        foreach (AgentAttribute a in attributes)
        {
            if (a.Type == AttributeType.Scalar)
                w.Number(a.Name, a.Scalar);
            else
                w.String(a.Name, a.ValueText());
        }

        w.EndMap();
    }
}
