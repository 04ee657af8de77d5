using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>SUBSCRIBE: <c>[framework, suppressed_roles?]</c>.</summary>
public sealed class SubscribeCallFormatter : IMessageFormatter<SubscribeCall>
{
    public static readonly SubscribeCallFormatter Instance = new();
    private static readonly string[] Fields = ["Framework", "SuppressedRoles"];

    /// <summary>Header plus one byte for each required field: the least a SubscribeCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in SubscribeCall value)
    {
        writer.WriteArrayHeader(2);
        FrameworkInfoFormatter.Instance.Write(ref writer, value.Framework);
        Wire.WriteStrings(ref writer, value.SuppressedRoles);
    }

    public SubscribeCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkInfo framework = null!;
        string[] suppressedRoles = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: framework = FrameworkInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: suppressedRoles = Wire.ReadStrings(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new SubscribeCall
        {
            Framework = framework,
            SuppressedRoles = suppressedRoles,
        };
    }
}

/// <summary>TEARDOWN: <c>[framework_id]</c>.</summary>
public sealed class TeardownCallFormatter : IMessageFormatter<TeardownCall>
{
    public static readonly TeardownCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId"];

    /// <summary>Header plus one byte for each required field: the least a TeardownCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in TeardownCall value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.FrameworkId.Value);
    }

    public TeardownCall Read(ref MessagePackReader reader, StringPool strings)
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
        return new TeardownCall(FrameworkId: frameworkId);
    }
}

/// <summary>ACCEPT: <c>[framework_id, offer_ids?, operations?, filters?]</c>.</summary>
public sealed class AcceptCallFormatter : IMessageFormatter<AcceptCall>
{
    public static readonly AcceptCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "OfferIds", "Operations", "Filters"];

    /// <summary>Header plus one byte for each required field: the least a AcceptCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in AcceptCall value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.FrameworkId.Value);
        Wire.WriteList(ref writer, value.OfferIds, OfferIdFormatter.Instance);
        Wire.WriteList(ref writer, value.Operations, OfferOperationFormatter.Instance);
        Wire.WriteOptionalValue(ref writer, value.Filters, FiltersFormatter.Instance);
    }

    public AcceptCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        OfferId[] offerIds = [];
        OfferOperation[] operations = [];
        Filters? filters = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: offerIds = Wire.ReadList(ref reader, strings, OfferIdFormatter.Instance, 1); break;
                    case 2: operations = Wire.ReadList(ref reader, strings, OfferOperationFormatter.Instance, OfferOperationFormatter.MinBytes); break;
                    case 3: filters = Wire.ReadOptionalValue(ref reader, strings, FiltersFormatter.Instance); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new AcceptCall
        {
            FrameworkId = frameworkId,
            OfferIds = offerIds,
            Operations = operations,
            Filters = filters,
        };
    }
}

/// <summary>DECLINE: <c>[framework_id, offer_ids?, filters?]</c>.</summary>
public sealed class DeclineCallFormatter : IMessageFormatter<DeclineCall>
{
    public static readonly DeclineCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "OfferIds", "Filters"];

    /// <summary>Header plus one byte for each required field: the least a DeclineCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in DeclineCall value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.FrameworkId.Value);
        Wire.WriteList(ref writer, value.OfferIds, OfferIdFormatter.Instance);
        Wire.WriteOptionalValue(ref writer, value.Filters, FiltersFormatter.Instance);
    }

    public DeclineCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        OfferId[] offerIds = [];
        Filters? filters = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: offerIds = Wire.ReadList(ref reader, strings, OfferIdFormatter.Instance, 1); break;
                    case 2: filters = Wire.ReadOptionalValue(ref reader, strings, FiltersFormatter.Instance); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new DeclineCall
        {
            FrameworkId = frameworkId,
            OfferIds = offerIds,
            Filters = filters,
        };
    }
}

/// <summary>REVIVE: <c>[framework_id, roles?]</c>.</summary>
public sealed class ReviveCallFormatter : IMessageFormatter<ReviveCall>
{
    public static readonly ReviveCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "Roles"];

    /// <summary>Header plus one byte for each required field: the least a ReviveCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ReviveCall value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.FrameworkId.Value);
        Wire.WriteStrings(ref writer, value.Roles);
    }

    public ReviveCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        string[] roles = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: roles = Wire.ReadStrings(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ReviveCall
        {
            FrameworkId = frameworkId,
            Roles = roles,
        };
    }
}

/// <summary>SUPPRESS: <c>[framework_id, roles?]</c>.</summary>
public sealed class SuppressCallFormatter : IMessageFormatter<SuppressCall>
{
    public static readonly SuppressCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "Roles"];

    /// <summary>Header plus one byte for each required field: the least a SuppressCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in SuppressCall value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.FrameworkId.Value);
        Wire.WriteStrings(ref writer, value.Roles);
    }

    public SuppressCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        string[] roles = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: roles = Wire.ReadStrings(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new SuppressCall
        {
            FrameworkId = frameworkId,
            Roles = roles,
        };
    }
}

/// <summary>KILL: <c>[framework_id, task_id, agent_id?, kill_policy?]</c>.</summary>
public sealed class KillCallFormatter : IMessageFormatter<KillCall>
{
    public static readonly KillCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "TaskId", "AgentId", "KillPolicy"];

    /// <summary>Header plus one byte for each required field: the least a KillCall can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in KillCall value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.TaskId.Value);
        writer.Write(value.AgentId?.Value);
        Wire.WriteOptionalValue(ref writer, value.KillPolicy, KillPolicyFormatter.Instance);
    }

    public KillCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        FrameworkId frameworkId = default;
        TaskId taskId = default;
        AgentId? agentId = null;
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
                    case 2: agentId = Wire.ReadOptionalAgentId(ref reader, strings); break;
                    case 3: killPolicy = Wire.ReadOptionalValue(ref reader, strings, KillPolicyFormatter.Instance); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new KillCall(FrameworkId: frameworkId, TaskId: taskId, AgentId: agentId, KillPolicy: killPolicy);
    }
}

/// <summary>SHUTDOWN: <c>[framework_id, executor_id, agent_id]</c>.</summary>
public sealed class ShutdownCallFormatter : IMessageFormatter<ShutdownCall>
{
    public static readonly ShutdownCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "ExecutorId", "AgentId"];

    /// <summary>Header plus one byte for each required field: the least a ShutdownCall can take on the wire.</summary>
    internal const int MinBytes = 4;

    public void Write(ref MessagePackWriter writer, in ShutdownCall value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.ExecutorId.Value);
        writer.Write(value.AgentId.Value);
    }

    public ShutdownCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 3);
        FrameworkId frameworkId = default;
        ExecutorId executorId = default;
        AgentId agentId = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: executorId = new ExecutorId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ShutdownCall(FrameworkId: frameworkId, ExecutorId: executorId, AgentId: agentId);
    }
}

/// <summary>ACKNOWLEDGE, a hot call (allocation-free to decode with pooled ids): <c>[framework_id, agent_id, task_id, uuid]</c>.</summary>
public sealed class AcknowledgeCallFormatter : IMessageFormatter<AcknowledgeCall>
{
    public static readonly AcknowledgeCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "AgentId", "TaskId", "Uuid"];

    /// <summary>Header plus one byte for each required field: the least a AcknowledgeCall can take on the wire.</summary>
    internal const int MinBytes = 5;

    public void Write(ref MessagePackWriter writer, in AcknowledgeCall value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.AgentId.Value);
        writer.Write(value.TaskId.Value);
        Wire.WriteGuid(ref writer, value.Uuid);
    }

    public AcknowledgeCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 4);
        FrameworkId frameworkId = default;
        AgentId agentId = default;
        TaskId taskId = default;
        Guid uuid = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
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
        return new AcknowledgeCall(FrameworkId: frameworkId, AgentId: agentId, TaskId: taskId, Uuid: uuid);
    }
}

/// <summary>RECONCILE: <c>[framework_id, tasks?]</c>.</summary>
public sealed class ReconcileCallFormatter : IMessageFormatter<ReconcileCall>
{
    public static readonly ReconcileCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "Tasks"];

    /// <summary>Header plus one byte for each required field: the least a ReconcileCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ReconcileCall value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.FrameworkId.Value);
        Wire.WriteList(ref writer, value.Tasks, ReconcileTaskFormatter.Instance);
    }

    public ReconcileCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        ReconcileTask[] tasks = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: tasks = Wire.ReadList(ref reader, strings, ReconcileTaskFormatter.Instance, ReconcileTaskFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ReconcileCall
        {
            FrameworkId = frameworkId,
            Tasks = tasks,
        };
    }
}

/// <summary>MESSAGE (scheduler to executor): <c>[framework_id, agent_id, executor_id, data?]</c>.</summary>
public sealed class MessageCallFormatter : IMessageFormatter<MessageCall>
{
    public static readonly MessageCallFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "AgentId", "ExecutorId", "Data"];

    /// <summary>Header plus one byte for each required field: the least a MessageCall can take on the wire.</summary>
    internal const int MinBytes = 4;

    public void Write(ref MessagePackWriter writer, in MessageCall value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.AgentId.Value);
        writer.Write(value.ExecutorId.Value);
        Wire.WriteBytes(ref writer, value.Data);
    }

    public MessageCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 3);
        FrameworkId frameworkId = default;
        AgentId agentId = default;
        ExecutorId executorId = default;
        ReadOnlyMemory<byte> data = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: executorId = new ExecutorId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 3: data = Wire.ReadBytes(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new MessageCall
        {
            FrameworkId = frameworkId,
            AgentId = agentId,
            ExecutorId = executorId,
            Data = data,
        };
    }
}

/// <summary>UPDATE_FRAMEWORK: <c>[framework, suppressed_roles?]</c>.</summary>
public sealed class UpdateFrameworkCallFormatter : IMessageFormatter<UpdateFrameworkCall>
{
    public static readonly UpdateFrameworkCallFormatter Instance = new();
    private static readonly string[] Fields = ["Framework", "SuppressedRoles"];

    /// <summary>Header plus one byte for each required field: the least a UpdateFrameworkCall can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in UpdateFrameworkCall value)
    {
        writer.WriteArrayHeader(2);
        FrameworkInfoFormatter.Instance.Write(ref writer, value.Framework);
        Wire.WriteStrings(ref writer, value.SuppressedRoles);
    }

    public UpdateFrameworkCall Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkInfo framework = null!;
        string[] suppressedRoles = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: framework = FrameworkInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: suppressedRoles = Wire.ReadStrings(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new UpdateFrameworkCall
        {
            Framework = framework,
            SuppressedRoles = suppressedRoles,
        };
    }
}
