using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>A framework description: <c>[user, name, id?, failover_timeout_seconds?, checkpoint?, roles?, hostname?, principal?, web_ui_url?, capabilities?, labels?]</c>.</summary>
public sealed class FrameworkInfoFormatter : IMessageFormatter<FrameworkInfo>
{
    public static readonly FrameworkInfoFormatter Instance = new();
    private static readonly string[] Fields = ["User", "Name", "Id", "FailoverTimeoutSeconds", "Checkpoint", "Roles", "Hostname", "Principal", "WebUiUrl", "Capabilities", "Labels"];

    /// <summary>Header plus one byte for each required field: the least a FrameworkInfo can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in FrameworkInfo value)
    {
        writer.WriteArrayHeader(11);
        writer.Write(value.User);
        writer.Write(value.Name);
        writer.Write(value.Id?.Value);
        writer.Write(value.FailoverTimeoutSeconds);
        writer.Write(value.Checkpoint);
        Wire.WriteStrings(ref writer, value.Roles);
        writer.Write(value.Hostname);
        writer.Write(value.Principal);
        writer.Write(value.WebUiUrl);
        writer.Write((uint)value.Capabilities);
        Wire.WriteList(ref writer, value.Labels, LabelFormatter.Instance);
    }

    public FrameworkInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        string user = "";
        string name = "";
        FrameworkId? id = null;
        double failoverTimeoutSeconds = 0;
        bool checkpoint = false;
        string[] roles = [];
        string? hostname = null;
        string? principal = null;
        string? webUiUrl = null;
        FrameworkCapabilities capabilities = FrameworkCapabilities.None;
        Label[] labels = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: user = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: name = Wire.ReadRequiredString(ref reader, strings); break;
                    case 2: id = Wire.ReadOptionalFrameworkId(ref reader, strings); break;
                    case 3: failoverTimeoutSeconds = reader.ReadDouble(); break;
                    case 4: checkpoint = reader.ReadBoolean(); break;
                    case 5: roles = Wire.ReadStrings(ref reader, strings); break;
                    case 6: hostname = Wire.ReadString(ref reader, strings); break;
                    case 7: principal = Wire.ReadString(ref reader, strings); break;
                    case 8: webUiUrl = Wire.ReadString(ref reader, strings); break;
                    case 9: capabilities = Wire.ReadCapabilities(ref reader); break;
                    case 10: labels = Wire.ReadList(ref reader, strings, LabelFormatter.Instance, LabelFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new FrameworkInfo
        {
            User = user,
            Name = name,
            Id = id,
            FailoverTimeoutSeconds = failoverTimeoutSeconds,
            Checkpoint = checkpoint,
            Roles = roles,
            Hostname = hostname,
            Principal = principal,
            WebUiUrl = webUiUrl,
            Capabilities = capabilities,
            Labels = labels,
        };
    }
}

/// <summary>An agent description: <c>[hostname, port?, id?, resources?, attributes?]</c>.</summary>
public sealed class AgentInfoFormatter : IMessageFormatter<AgentInfo>
{
    public static readonly AgentInfoFormatter Instance = new();
    private static readonly string[] Fields = ["Hostname", "Port", "Id", "Resources", "Attributes"];

    /// <summary>Header plus one byte for each required field: the least a AgentInfo can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in AgentInfo value)
    {
        writer.WriteArrayHeader(5);
        writer.Write(value.Hostname);
        writer.Write(value.Port);
        writer.Write(value.Id?.Value);
        ResourcesFormatter.Instance.Write(ref writer, value.Resources);
        AgentAttributesFormatter.Instance.Write(ref writer, value.Attributes);
    }

    public AgentInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string hostname = "";
        int port = 5051;
        AgentId? id = null;
        Resources resources = Resources.Empty;
        AgentAttributes attributes = AgentAttributes.Empty;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: hostname = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: port = reader.ReadInt32(); break;
                    case 2: id = Wire.ReadOptionalAgentId(ref reader, strings); break;
                    case 3: resources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 4: attributes = AgentAttributesFormatter.Instance.Read(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new AgentInfo
        {
            Hostname = hostname,
            Port = port,
            Id = id,
            Resources = resources,
            Attributes = attributes,
        };
    }
}

/// <summary>The leading master: <c>[id, hostname?, port?, version?]</c>.</summary>
public sealed class MasterInfoFormatter : IMessageFormatter<MasterInfo>
{
    public static readonly MasterInfoFormatter Instance = new();
    private static readonly string[] Fields = ["Id", "Hostname", "Port", "Version"];

    /// <summary>Header plus one byte for each required field: the least a MasterInfo can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in MasterInfo value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.Id);
        writer.Write(value.Hostname);
        writer.Write(value.Port);
        writer.Write(value.Version);
    }

    public MasterInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string id = "";
        string? hostname = null;
        int port = 5050;
        string? version = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: id = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: hostname = Wire.ReadString(ref reader, strings); break;
                    case 2: port = reader.ReadInt32(); break;
                    case 3: version = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new MasterInfo
        {
            Id = id,
            Hostname = hostname,
            Port = port,
            Version = version,
        };
    }
}

/// <summary>An offer: <c>[id, framework_id, agent_id, hostname, resources?, attributes?, executor_ids?, allocation_role?]</c>.</summary>
public sealed class OfferFormatter : IMessageFormatter<Offer>
{
    public static readonly OfferFormatter Instance = new();
    private static readonly string[] Fields = ["Id", "FrameworkId", "AgentId", "Hostname", "Resources", "Attributes", "ExecutorIds", "AllocationRole"];

    /// <summary>Header plus one byte for each required field: the least a Offer can take on the wire.</summary>
    internal const int MinBytes = 5;

    public void Write(ref MessagePackWriter writer, in Offer value)
    {
        writer.WriteArrayHeader(8);
        writer.Write(value.Id.Value);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.AgentId.Value);
        writer.Write(value.Hostname);
        ResourcesFormatter.Instance.Write(ref writer, value.Resources);
        AgentAttributesFormatter.Instance.Write(ref writer, value.Attributes);
        Wire.WriteList(ref writer, value.ExecutorIds, ExecutorIdFormatter.Instance);
        writer.Write(value.AllocationRole);
    }

    public Offer Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 4);
        OfferId id = default;
        FrameworkId frameworkId = default;
        AgentId agentId = default;
        string hostname = "";
        Resources resources = Resources.Empty;
        AgentAttributes attributes = AgentAttributes.Empty;
        ExecutorId[] executorIds = [];
        string? allocationRole = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: id = new OfferId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 3: hostname = Wire.ReadRequiredString(ref reader, strings); break;
                    case 4: resources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 5: attributes = AgentAttributesFormatter.Instance.Read(ref reader, strings); break;
                    case 6: executorIds = Wire.ReadList(ref reader, strings, ExecutorIdFormatter.Instance, 1); break;
                    case 7: allocationRole = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new Offer
        {
            Id = id,
            FrameworkId = frameworkId,
            AgentId = agentId,
            Hostname = hostname,
            Resources = resources,
            Attributes = attributes,
            ExecutorIds = executorIds,
            AllocationRole = allocationRole,
        };
    }
}

/// <summary>A persistent volume; the size is int64 milli MB, like scalar resources: <c>[persistence_id, role, size?, principal?, container_path?, mode?]</c>.</summary>
public sealed class PersistentVolumeFormatter : IMessageFormatter<PersistentVolume>
{
    public static readonly PersistentVolumeFormatter Instance = new();
    private static readonly string[] Fields = ["PersistenceId", "Role", "Size", "Principal", "ContainerPath", "Mode"];

    /// <summary>Header plus one byte for each required field: the least a PersistentVolume can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in PersistentVolume value)
    {
        writer.WriteArrayHeader(6);
        writer.Write(value.PersistenceId);
        writer.Write(value.Role);
        writer.Write(value.Size.Milli);
        writer.Write(value.Principal);
        writer.Write(value.ContainerPath);
        writer.Write((int)value.Mode);
    }

    public PersistentVolume Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        string persistenceId = "";
        string role = "";
        Scalar size = default;
        string? principal = null;
        string? containerPath = null;
        VolumeMode mode = VolumeMode.ReadWrite;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: persistenceId = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: role = Wire.ReadRequiredString(ref reader, strings); break;
                    case 2: size = Wire.ReadScalar(ref reader); break;
                    case 3: principal = Wire.ReadString(ref reader, strings); break;
                    case 4: containerPath = Wire.ReadString(ref reader, strings); break;
                    case 5: mode = (VolumeMode)Wire.ReadEnum(ref reader, 1, 2, nameof(VolumeMode)); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new PersistentVolume
        {
            PersistenceId = persistenceId,
            Role = role,
            Size = size,
            Principal = principal,
            ContainerPath = containerPath,
            Mode = mode,
        };
    }
}

/// <summary>An offer operation: <c>[type, id?, tasks?, executor?, resources?, volumes?]</c>.</summary>
public sealed class OfferOperationFormatter : IMessageFormatter<OfferOperation>
{
    public static readonly OfferOperationFormatter Instance = new();
    private static readonly string[] Fields = ["Type", "Id", "Tasks", "Executor", "Resources", "Volumes"];

    /// <summary>Header plus one byte for each required field: the least a OfferOperation can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in OfferOperation value)
    {
        writer.WriteArrayHeader(6);
        writer.Write((int)value.Type);
        writer.Write(value.Id);
        Wire.WriteList(ref writer, value.Tasks, TaskInfoFormatter.Instance);
        Wire.WriteOptional(ref writer, value.Executor, ExecutorInfoFormatter.Instance);
        ResourcesFormatter.Instance.Write(ref writer, value.Resources);
        Wire.WriteList(ref writer, value.Volumes, PersistentVolumeFormatter.Instance);
    }

    public OfferOperation Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        OfferOperationType type = default;
        string? id = null;
        TaskInfo[] tasks = [];
        ExecutorInfo? executor = null;
        Resources resources = Resources.Empty;
        PersistentVolume[] volumes = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: type = (OfferOperationType)Wire.ReadEnum(ref reader, 1, 6, nameof(OfferOperationType)); break;
                    case 1: id = Wire.ReadString(ref reader, strings); break;
                    case 2: tasks = Wire.ReadList(ref reader, strings, TaskInfoFormatter.Instance, TaskInfoFormatter.MinBytes); break;
                    case 3: executor = Wire.ReadOptional(ref reader, strings, ExecutorInfoFormatter.Instance); break;
                    case 4: resources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 5: volumes = Wire.ReadList(ref reader, strings, PersistentVolumeFormatter.Instance, PersistentVolumeFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new OfferOperation
        {
            Type = type,
            Id = id,
            Tasks = tasks,
            Executor = executor,
            Resources = resources,
            Volumes = volumes,
        };
    }
}
