using FastMesos.Messages;
using MessagePack;
// The Mesos name collides with System.Threading.Tasks.TaskStatus, which implicit usings import.
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Transport.Codec;

/// <summary>A container's status: <c>[container_id?, ip_addresses?, executor_pid?]</c>.</summary>
public sealed class ContainerStatusFormatter : IMessageFormatter<ContainerStatus>
{
    public static readonly ContainerStatusFormatter Instance = new();
    private static readonly string[] Fields = ["ContainerId", "IpAddresses", "ExecutorPid"];

    /// <summary>Header plus one byte for each required field: the least a ContainerStatus can take on the wire.</summary>
    internal const int MinBytes = 1;

    public void Write(ref MessagePackWriter writer, in ContainerStatus value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.ContainerId);
        Wire.WriteStrings(ref writer, value.IpAddresses);
        Wire.WriteOptionalInt(ref writer, value.ExecutorPid);
    }

    public ContainerStatus Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 0);
        string? containerId = null;
        string[] ipAddresses = [];
        uint? executorPid = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: containerId = Wire.ReadString(ref reader, strings); break;
                    case 1: ipAddresses = Wire.ReadStrings(ref reader, strings); break;
                    case 2: executorPid = Wire.ReadOptionalUInt32(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ContainerStatus
        {
            ContainerId = containerId,
            IpAddresses = ipAddresses,
            ExecutorPid = executorPid,
        };
    }
}

/// <summary>A task status; a hot type (every update and reconciliation answer carries one): <c>[task_id, state, message?, source?, reason?, agent_id?, executor_id?, timestamp?, uuid?, healthy?, container_status?, labels?, unreachable_time_nanoseconds?, data?]</c>.</summary>
public sealed class TaskStatusFormatter : IMessageFormatter<TaskStatus>
{
    public static readonly TaskStatusFormatter Instance = new();
    private static readonly string[] Fields = ["TaskId", "State", "Message", "Source", "Reason", "AgentId", "ExecutorId", "Timestamp", "Uuid", "Healthy", "ContainerStatus", "Labels", "UnreachableTimeNanoseconds", "Data"];

    /// <summary>Header plus one byte for each required field: the least a TaskStatus can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in TaskStatus value)
    {
        writer.WriteArrayHeader(14);
        writer.Write(value.TaskId.Value);
        writer.Write((int)value.State);
        writer.Write(value.Message);
        writer.Write((int)value.Source);
        Wire.WriteOptionalInt(ref writer, (int?)value.Reason);
        writer.Write(value.AgentId?.Value);
        writer.Write(value.ExecutorId?.Value);
        writer.Write(value.Timestamp);
        Wire.WriteOptionalGuid(ref writer, value.Uuid);
        Wire.WriteOptionalBool(ref writer, value.Healthy);
        Wire.WriteOptional(ref writer, value.ContainerStatus, ContainerStatusFormatter.Instance);
        Wire.WriteList(ref writer, value.Labels, LabelFormatter.Instance);
        Wire.WriteOptionalInt(ref writer, value.UnreachableTimeNanoseconds);
        Wire.WriteBytes(ref writer, value.Data);
    }

    public TaskStatus Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        TaskId taskId = default;
        TaskState state = default;
        string? message = null;
        TaskStatusSource source = TaskStatusSource.Master;
        TaskStatusReason? reason = null;
        AgentId? agentId = null;
        ExecutorId? executorId = null;
        double timestamp = 0;
        Guid? uuid = null;
        bool? healthy = null;
        ContainerStatus? containerStatus = null;
        Label[] labels = [];
        long? unreachableTimeNanoseconds = null;
        ReadOnlyMemory<byte> data = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: taskId = new TaskId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: state = (TaskState)Wire.ReadEnum(ref reader, 0, 13, nameof(TaskState)); break;
                    case 2: message = Wire.ReadString(ref reader, strings); break;
                    case 3: source = (TaskStatusSource)Wire.ReadEnum(ref reader, 0, 2, nameof(TaskStatusSource)); break;
                    case 4: reason = (TaskStatusReason?)Wire.ReadOptionalEnum(ref reader, 0, 33, nameof(TaskStatusReason)); break;
                    case 5: agentId = Wire.ReadOptionalAgentId(ref reader, strings); break;
                    case 6: executorId = Wire.ReadOptionalExecutorId(ref reader, strings); break;
                    case 7: timestamp = reader.ReadDouble(); break;
                    case 8: uuid = Wire.ReadOptionalGuid(ref reader); break;
                    case 9: healthy = Wire.ReadOptionalBool(ref reader); break;
                    case 10: containerStatus = Wire.ReadOptional(ref reader, strings, ContainerStatusFormatter.Instance); break;
                    case 11: labels = Wire.ReadList(ref reader, strings, LabelFormatter.Instance, LabelFormatter.MinBytes); break;
                    case 12: unreachableTimeNanoseconds = Wire.ReadOptionalInt64(ref reader); break;
                    case 13: data = Wire.ReadBytes(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Message = message,
            Source = source,
            Reason = reason,
            AgentId = agentId,
            ExecutorId = executorId,
            Timestamp = timestamp,
            Uuid = uuid,
            Healthy = healthy,
            ContainerStatus = containerStatus,
            Labels = labels,
            UnreachableTimeNanoseconds = unreachableTimeNanoseconds,
            Data = data,
        };
    }
}

/// <summary>A task an agent reports on reregistration: <c>[name, task_id, framework_id, agent_id, state, executor_id?, resources?, status_update_state?, status_update_uuid?, labels?]</c>.</summary>
public sealed class LaunchedTaskFormatter : IMessageFormatter<LaunchedTask>
{
    public static readonly LaunchedTaskFormatter Instance = new();
    private static readonly string[] Fields = ["Name", "TaskId", "FrameworkId", "AgentId", "State", "ExecutorId", "Resources", "StatusUpdateState", "StatusUpdateUuid", "Labels"];

    /// <summary>Header plus one byte for each required field: the least a LaunchedTask can take on the wire.</summary>
    internal const int MinBytes = 6;

    public void Write(ref MessagePackWriter writer, in LaunchedTask value)
    {
        writer.WriteArrayHeader(10);
        writer.Write(value.Name);
        writer.Write(value.TaskId.Value);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.AgentId.Value);
        writer.Write((int)value.State);
        writer.Write(value.ExecutorId?.Value);
        ResourcesFormatter.Instance.Write(ref writer, value.Resources);
        Wire.WriteOptionalInt(ref writer, (int?)value.StatusUpdateState);
        Wire.WriteOptionalGuid(ref writer, value.StatusUpdateUuid);
        Wire.WriteList(ref writer, value.Labels, LabelFormatter.Instance);
    }

    public LaunchedTask Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 5);
        string name = "";
        TaskId taskId = default;
        FrameworkId frameworkId = default;
        AgentId agentId = default;
        TaskState state = default;
        ExecutorId? executorId = null;
        Resources resources = Resources.Empty;
        TaskState? statusUpdateState = null;
        Guid? statusUpdateUuid = null;
        Label[] labels = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: name = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: taskId = new TaskId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 3: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 4: state = (TaskState)Wire.ReadEnum(ref reader, 0, 13, nameof(TaskState)); break;
                    case 5: executorId = Wire.ReadOptionalExecutorId(ref reader, strings); break;
                    case 6: resources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 7: statusUpdateState = (TaskState?)Wire.ReadOptionalEnum(ref reader, 0, 13, nameof(TaskState)); break;
                    case 8: statusUpdateUuid = Wire.ReadOptionalGuid(ref reader); break;
                    case 9: labels = Wire.ReadList(ref reader, strings, LabelFormatter.Instance, LabelFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new LaunchedTask
        {
            Name = name,
            TaskId = taskId,
            FrameworkId = frameworkId,
            AgentId = agentId,
            State = state,
            ExecutorId = executorId,
            Resources = resources,
            StatusUpdateState = statusUpdateState,
            StatusUpdateUuid = statusUpdateUuid,
            Labels = labels,
        };
    }
}
