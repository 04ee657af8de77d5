using FastMesos.Messages;
using MessagePack;
// The Mesos name collides with System.Threading.Tasks.TaskStatus, which implicit usings import.
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Transport.Codec;

/// <summary>RegisterAgent: <c>[agent, version, checkpointed_resources?]</c>.</summary>
public sealed class RegisterAgentFormatter : IMessageFormatter<RegisterAgent>
{
    public static readonly RegisterAgentFormatter Instance = new();
    private static readonly string[] Fields = ["Agent", "Version", "CheckpointedResources"];

    /// <summary>Header plus one byte for each required field: the least a RegisterAgent can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in RegisterAgent value)
    {
        writer.WriteArrayHeader(3);
        AgentInfoFormatter.Instance.Write(ref writer, value.Agent);
        writer.Write(value.Version);
        ResourcesFormatter.Instance.Write(ref writer, value.CheckpointedResources);
    }

    public RegisterAgent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        AgentInfo agent = null!;
        string version = "";
        Resources checkpointedResources = Resources.Empty;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agent = AgentInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: version = Wire.ReadRequiredString(ref reader, strings); break;
                    case 2: checkpointedResources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new RegisterAgent
        {
            Agent = agent,
            Version = version,
            CheckpointedResources = checkpointedResources,
        };
    }
}

/// <summary>ReregisterAgent: <c>[agent, version, checkpointed_resources?, executors?, tasks?, frameworks?, completed_frameworks?]</c>.</summary>
public sealed class ReregisterAgentFormatter : IMessageFormatter<ReregisterAgent>
{
    public static readonly ReregisterAgentFormatter Instance = new();
    private static readonly string[] Fields = ["Agent", "Version", "CheckpointedResources", "Executors", "Tasks", "Frameworks", "CompletedFrameworks"];

    /// <summary>Header plus one byte for each required field: the least a ReregisterAgent can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in ReregisterAgent value)
    {
        writer.WriteArrayHeader(7);
        AgentInfoFormatter.Instance.Write(ref writer, value.Agent);
        writer.Write(value.Version);
        ResourcesFormatter.Instance.Write(ref writer, value.CheckpointedResources);
        Wire.WriteList(ref writer, value.Executors, ExecutorInfoFormatter.Instance);
        Wire.WriteList(ref writer, value.Tasks, LaunchedTaskFormatter.Instance);
        Wire.WriteList(ref writer, value.Frameworks, FrameworkInfoFormatter.Instance);
        Wire.WriteList(ref writer, value.CompletedFrameworks, CompletedFrameworkFormatter.Instance);
    }

    public ReregisterAgent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        AgentInfo agent = null!;
        string version = "";
        Resources checkpointedResources = Resources.Empty;
        ExecutorInfo[] executors = [];
        LaunchedTask[] tasks = [];
        FrameworkInfo[] frameworks = [];
        CompletedFramework[] completedFrameworks = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agent = AgentInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: version = Wire.ReadRequiredString(ref reader, strings); break;
                    case 2: checkpointedResources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 3: executors = Wire.ReadList(ref reader, strings, ExecutorInfoFormatter.Instance, ExecutorInfoFormatter.MinBytes); break;
                    case 4: tasks = Wire.ReadList(ref reader, strings, LaunchedTaskFormatter.Instance, LaunchedTaskFormatter.MinBytes); break;
                    case 5: frameworks = Wire.ReadList(ref reader, strings, FrameworkInfoFormatter.Instance, FrameworkInfoFormatter.MinBytes); break;
                    case 6: completedFrameworks = Wire.ReadList(ref reader, strings, CompletedFrameworkFormatter.Instance, CompletedFrameworkFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ReregisterAgent
        {
            Agent = agent,
            Version = version,
            CheckpointedResources = checkpointedResources,
            Executors = executors,
            Tasks = tasks,
            Frameworks = frameworks,
            CompletedFrameworks = completedFrameworks,
        };
    }
}

/// <summary>AgentRegistered: <c>[agent_id, heartbeat_interval_seconds?, total_ping_timeout_seconds?, heartbeats?]</c>, heartbeats <c>[port, slot, token]</c> or nil.</summary>
public sealed class AgentRegisteredFormatter : IMessageFormatter<AgentRegistered>
{
    public static readonly AgentRegisteredFormatter Instance = new();
    private static readonly string[] Fields = ["AgentId", "HeartbeatIntervalSeconds", "TotalPingTimeoutSeconds", "Heartbeats"];

    /// <summary>Header plus one byte for each required field: the least a AgentRegistered can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in AgentRegistered value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.AgentId.Value);
        writer.Write(value.HeartbeatIntervalSeconds);
        writer.Write(value.TotalPingTimeoutSeconds);
        HeartbeatChannelFormat.Write(ref writer, value.Heartbeats);
    }

    public AgentRegistered Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        AgentId agentId = default;
        double heartbeatIntervalSeconds = 15;
        double totalPingTimeoutSeconds = 75;
        HeartbeatChannel? heartbeats = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: heartbeatIntervalSeconds = reader.ReadDouble(); break;
                    case 2: totalPingTimeoutSeconds = reader.ReadDouble(); break;
                    case 3: heartbeats = HeartbeatChannelFormat.Read(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new AgentRegistered
        {
            AgentId = agentId,
            HeartbeatIntervalSeconds = heartbeatIntervalSeconds,
            TotalPingTimeoutSeconds = totalPingTimeoutSeconds,
            Heartbeats = heartbeats,
        };
    }
}

/// <summary>AgentReregistered: <c>[agent_id, heartbeat_interval_seconds?, total_ping_timeout_seconds?, heartbeats?]</c>, heartbeats <c>[port, slot, token]</c> or nil.</summary>
public sealed class AgentReregisteredFormatter : IMessageFormatter<AgentReregistered>
{
    public static readonly AgentReregisteredFormatter Instance = new();
    private static readonly string[] Fields = ["AgentId", "HeartbeatIntervalSeconds", "TotalPingTimeoutSeconds", "Heartbeats"];

    /// <summary>Header plus one byte for each required field: the least a AgentReregistered can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in AgentReregistered value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.AgentId.Value);
        writer.Write(value.HeartbeatIntervalSeconds);
        writer.Write(value.TotalPingTimeoutSeconds);
        HeartbeatChannelFormat.Write(ref writer, value.Heartbeats);
    }

    public AgentReregistered Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        AgentId agentId = default;
        double heartbeatIntervalSeconds = 15;
        double totalPingTimeoutSeconds = 75;
        HeartbeatChannel? heartbeats = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: heartbeatIntervalSeconds = reader.ReadDouble(); break;
                    case 2: totalPingTimeoutSeconds = reader.ReadDouble(); break;
                    case 3: heartbeats = HeartbeatChannelFormat.Read(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new AgentReregistered
        {
            AgentId = agentId,
            HeartbeatIntervalSeconds = heartbeatIntervalSeconds,
            TotalPingTimeoutSeconds = totalPingTimeoutSeconds,
            Heartbeats = heartbeats,
        };
    }
}

/// <summary>ShutdownAgent: <c>[message]</c>.</summary>
public sealed class ShutdownAgentFormatter : IMessageFormatter<ShutdownAgent>
{
    public static readonly ShutdownAgentFormatter Instance = new();
    private static readonly string[] Fields = ["Message"];

    /// <summary>Header plus one byte for each required field: the least a ShutdownAgent can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ShutdownAgent value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.Message);
    }

    public ShutdownAgent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string message = "";
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: message = Wire.ReadRequiredString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ShutdownAgent(Message: message);
    }
}

/// <summary>Ping, a hot message (allocation-free both ways): <c>[sequence, timestamp, connected?]</c>.</summary>
public sealed class PingFormatter : IMessageFormatter<Ping>
{
    public static readonly PingFormatter Instance = new();
    private static readonly string[] Fields = ["Sequence", "Timestamp", "Connected"];

    /// <summary>Header plus one byte for each required field: the least a Ping can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in Ping value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.Sequence);
        writer.Write(value.Timestamp);
        writer.Write(value.Connected);
    }

    public Ping Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        ulong sequence = 0;
        long timestamp = 0;
        bool connected = true;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: sequence = reader.ReadUInt64(); break;
                    case 1: timestamp = reader.ReadInt64(); break;
                    case 2: connected = reader.ReadBoolean(); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new Ping(Sequence: sequence, Timestamp: timestamp, Connected: connected);
    }
}

/// <summary>Pong, a hot message (allocation-free both ways): <c>[sequence, timestamp]</c>.</summary>
public sealed class PongFormatter : IMessageFormatter<Pong>
{
    public static readonly PongFormatter Instance = new();
    private static readonly string[] Fields = ["Sequence", "Timestamp"];

    /// <summary>Header plus one byte for each required field: the least a Pong can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in Pong value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Sequence);
        writer.Write(value.Timestamp);
    }

    public Pong Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        ulong sequence = 0;
        long timestamp = 0;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: sequence = reader.ReadUInt64(); break;
                    case 1: timestamp = reader.ReadInt64(); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new Pong(Sequence: sequence, Timestamp: timestamp);
    }
}

/// <summary>RunTask: <c>[framework, task]</c>.</summary>
public sealed class RunTaskFormatter : IMessageFormatter<RunTask>
{
    public static readonly RunTaskFormatter Instance = new();
    private static readonly string[] Fields = ["Framework", "Task"];

    /// <summary>Header plus one byte for each required field: the least a RunTask can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in RunTask value)
    {
        writer.WriteArrayHeader(2);
        FrameworkInfoFormatter.Instance.Write(ref writer, value.Framework);
        TaskInfoFormatter.Instance.Write(ref writer, value.Task);
    }

    public RunTask Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        FrameworkInfo framework = null!;
        TaskInfo task = null!;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: framework = FrameworkInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: task = TaskInfoFormatter.Instance.Read(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new RunTask
        {
            Framework = framework,
            Task = task,
        };
    }
}

/// <summary>RunTaskGroup: <c>[framework, executor, tasks?]</c>.</summary>
public sealed class RunTaskGroupFormatter : IMessageFormatter<RunTaskGroup>
{
    public static readonly RunTaskGroupFormatter Instance = new();
    private static readonly string[] Fields = ["Framework", "Executor", "Tasks"];

    /// <summary>Header plus one byte for each required field: the least a RunTaskGroup can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in RunTaskGroup value)
    {
        writer.WriteArrayHeader(3);
        FrameworkInfoFormatter.Instance.Write(ref writer, value.Framework);
        ExecutorInfoFormatter.Instance.Write(ref writer, value.Executor);
        Wire.WriteList(ref writer, value.Tasks, TaskInfoFormatter.Instance);
    }

    public RunTaskGroup Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        FrameworkInfo framework = null!;
        ExecutorInfo executor = null!;
        TaskInfo[] tasks = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: framework = FrameworkInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: executor = ExecutorInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 2: tasks = Wire.ReadList(ref reader, strings, TaskInfoFormatter.Instance, TaskInfoFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new RunTaskGroup
        {
            Framework = framework,
            Executor = executor,
            Tasks = tasks,
        };
    }
}

/// <summary>KillTask: <c>[framework_id, task_id, kill_policy?]</c>.</summary>
public sealed class KillTaskFormatter : IMessageFormatter<KillTask>
{
    public static readonly KillTaskFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "TaskId", "KillPolicy"];

    /// <summary>Header plus one byte for each required field: the least a KillTask can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in KillTask value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.TaskId.Value);
        Wire.WriteOptionalValue(ref writer, value.KillPolicy, KillPolicyFormatter.Instance);
    }

    public KillTask Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        FrameworkId frameworkId = default;
        TaskId taskId = default;
        KillPolicy? killPolicy = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: taskId = new TaskId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: killPolicy = Wire.ReadOptionalValue(ref reader, strings, KillPolicyFormatter.Instance); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new KillTask(FrameworkId: frameworkId, TaskId: taskId, KillPolicy: killPolicy);
    }
}

/// <summary>ShutdownFramework: <c>[framework_id]</c>.</summary>
public sealed class ShutdownFrameworkFormatter : IMessageFormatter<ShutdownFramework>
{
    public static readonly ShutdownFrameworkFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId"];

    /// <summary>Header plus one byte for each required field: the least a ShutdownFramework can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ShutdownFramework value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.FrameworkId.Value);
    }

    public ShutdownFramework Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ShutdownFramework(FrameworkId: frameworkId);
    }
}

/// <summary>ApplyOperation: <c>[operation, operation_uuid, framework_id?]</c>.</summary>
public sealed class ApplyOperationFormatter : IMessageFormatter<ApplyOperation>
{
    public static readonly ApplyOperationFormatter Instance = new();
    private static readonly string[] Fields = ["Operation", "OperationUuid", "FrameworkId"];

    /// <summary>Header plus one byte for each required field: the least a ApplyOperation can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in ApplyOperation value)
    {
        writer.WriteArrayHeader(3);
        OfferOperationFormatter.Instance.Write(ref writer, value.Operation);
        Wire.WriteGuid(ref writer, value.OperationUuid);
        writer.Write(value.FrameworkId?.Value);
    }

    public ApplyOperation Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        OfferOperation operation = null!;
        Guid operationUuid = default;
        FrameworkId? frameworkId = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: operation = OfferOperationFormatter.Instance.Read(ref reader, strings); break;
                    case 1: operationUuid = Wire.ReadGuid(ref reader); break;
                    case 2: frameworkId = Wire.ReadOptionalFrameworkId(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ApplyOperation
        {
            Operation = operation,
            OperationUuid = operationUuid,
            FrameworkId = frameworkId,
        };
    }
}

/// <summary>StatusUpdate, a hot message: <c>[framework_id, status, latest_state?]</c>.</summary>
public sealed class StatusUpdateFormatter : IMessageFormatter<StatusUpdate>
{
    public static readonly StatusUpdateFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "Status", "LatestState"];

    /// <summary>Header plus one byte for each required field: the least a StatusUpdate can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in StatusUpdate value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.FrameworkId.Value);
        TaskStatusFormatter.Instance.Write(ref writer, value.Status);
        Wire.WriteOptionalInt(ref writer, (int?)value.LatestState);
    }

    public StatusUpdate Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        FrameworkId frameworkId = default;
        TaskStatus status = default;
        TaskState? latestState = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: status = TaskStatusFormatter.Instance.Read(ref reader, strings); break;
                    case 2: latestState = (TaskState?)Wire.ReadOptionalEnum(ref reader, 0, 13, nameof(TaskState)); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new StatusUpdate(FrameworkId: frameworkId, Status: status, LatestState: latestState);
    }
}

/// <summary>StatusUpdateAcknowledgement, a hot message (allocation-free to decode with pooled ids): <c>[agent_id, framework_id, task_id, uuid]</c>.</summary>
public sealed class StatusUpdateAcknowledgementFormatter : IMessageFormatter<StatusUpdateAcknowledgement>
{
    public static readonly StatusUpdateAcknowledgementFormatter Instance = new();
    private static readonly string[] Fields = ["AgentId", "FrameworkId", "TaskId", "Uuid"];

    /// <summary>Header plus one byte for each required field: the least a StatusUpdateAcknowledgement can take on the wire.</summary>
    internal const int MinBytes = 5;

    public void Write(ref MessagePackWriter writer, in StatusUpdateAcknowledgement value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.AgentId.Value);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.TaskId.Value);
        Wire.WriteGuid(ref writer, value.Uuid);
    }

    public StatusUpdateAcknowledgement Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 4);
        AgentId agentId = default;
        FrameworkId frameworkId = default;
        TaskId taskId = default;
        Guid uuid = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: taskId = new TaskId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 3: uuid = Wire.ReadGuid(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new StatusUpdateAcknowledgement(AgentId: agentId, FrameworkId: frameworkId, TaskId: taskId, Uuid: uuid);
    }
}
