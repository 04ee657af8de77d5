using System.Buffers;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>A fetcher URI: <c>[value, executable?, extract?, cache?, output_file?]</c>.</summary>
public sealed class CommandUriFormatter : IMessageFormatter<CommandUri>
{
    public static readonly CommandUriFormatter Instance = new();
    private static readonly string[] Fields = ["Value", "Executable", "Extract", "Cache", "OutputFile"];

    /// <summary>Header plus one byte for each required field: the least a CommandUri can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in CommandUri value)
    {
        writer.WriteArrayHeader(5);
        writer.Write(value.Value);
        writer.Write(value.Executable);
        writer.Write(value.Extract);
        writer.Write(value.Cache);
        writer.Write(value.OutputFile);
    }

    public CommandUri Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string value = "";
        bool executable = false;
        bool extract = true;
        bool cache = false;
        string? outputFile = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: value = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: executable = reader.ReadBoolean(); break;
                    case 2: extract = reader.ReadBoolean(); break;
                    case 3: cache = reader.ReadBoolean(); break;
                    case 4: outputFile = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new CommandUri(Value: value, Executable: executable, Extract: extract, Cache: cache, OutputFile: outputFile);
    }
}

/// <summary>An environment variable: <c>[name, value]</c>.</summary>
public sealed class EnvironmentVariableFormatter : IMessageFormatter<EnvironmentVariable>
{
    public static readonly EnvironmentVariableFormatter Instance = new();
    private static readonly string[] Fields = ["Name", "Value"];

    /// <summary>Header plus one byte for each required field: the least a EnvironmentVariable can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in EnvironmentVariable value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Name);
        writer.Write(value.Value);
    }

    public EnvironmentVariable Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        string name = "";
        string value = "";
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: name = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: value = Wire.ReadRequiredString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new EnvironmentVariable(Name: name, Value: value);
    }
}

/// <summary>A command: <c>[value?, shell?, arguments?, environment?, uris?, user?]</c>.</summary>
public sealed class CommandInfoFormatter : IMessageFormatter<CommandInfo>
{
    public static readonly CommandInfoFormatter Instance = new();
    private static readonly string[] Fields = ["Value", "Shell", "Arguments", "Environment", "Uris", "User"];

    /// <summary>Header plus one byte for each required field: the least a CommandInfo can take on the wire.</summary>
    internal const int MinBytes = 1;

    public void Write(ref MessagePackWriter writer, in CommandInfo value)
    {
        if (!value.Encoded.IsEmpty)
        {
            // A forwarded command (a master's): checked when it arrived, written as it came.
            writer.WriteRaw(value.Encoded.Span);
            return;
        }
        writer.WriteArrayHeader(6);
        writer.Write(value.Value);
        writer.Write(value.Shell);
        Wire.WriteStrings(ref writer, value.Arguments);
        if (value.Environment is ISharedPrefixList<EnvironmentVariable> { SharedPrefix.Length: > 0 } shared)
            Wire.WriteList(ref writer, shared, SharedEnvironments, EnvironmentVariableFormatter.Instance);
        else
            Wire.WriteList(ref writer, value.Environment, EnvironmentVariableFormatter.Instance);
        Wire.WriteList(ref writer, value.Uris, CommandUriFormatter.Instance);
        writer.Write(value.User);
    }

    // The encodings of shared environment prefixes (a Marathon app version's variables), one per
    // array for as long as the array lives.
    private static readonly SharedPrefixEncodings<EnvironmentVariable> SharedEnvironments = new(EnvironmentVariableFormatter.Instance);

    public CommandInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        if (strings.SkipsCommands)
        {
            Wire.Skip(ref reader);
            return StringPool.SkippedCommand;
        }
        int count = Wire.EnterObject(ref reader, 0);
        string? value = null;
        bool shell = true;
        string[] arguments = [];
        EnvironmentVariable[] environment = [];
        CommandUri[] uris = [];
        string? user = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: value = Wire.ReadString(ref reader, strings); break;
                    case 1: shell = reader.ReadBoolean(); break;
                    case 2: arguments = Wire.ReadStrings(ref reader, strings); break;
                    case 3: environment = Wire.ReadList(ref reader, strings, EnvironmentVariableFormatter.Instance, EnvironmentVariableFormatter.MinBytes); break;
                    case 4: uris = Wire.ReadList(ref reader, strings, CommandUriFormatter.Instance, CommandUriFormatter.MinBytes); break;
                    case 5: user = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new CommandInfo
        {
            Value = value,
            Shell = shell,
            Arguments = arguments,
            Environment = environment,
            Uris = uris,
            User = user,
        };
    }

    /// <summary>
    /// An optional command kept in its encoding (<see cref="StringPool.ForwardsCommands"/>): the
    /// decoder runs over the bytes with <see cref="StringPool.Checking"/>, so they pass exactly when
    /// a decode would. The bytes are <b>lent</b>, not copied, when they lie in one segment of the
    /// payload (almost always): <see cref="CommandInfo.Encoded"/> is then valid only while the
    /// payload's buffer is, for a frame the duration of its visit. The master writes the command
    /// into the agent's RunTask inside the ACCEPT's visit and keeps no <c>TaskInfo</c> after it
    /// (its task records copy what they read), so copying them was a quarter of what the master
    /// allocated in a Marathon deploy (371–384 MB against 284–290 MB in a 1,000 × 300 deploy's phase,
    /// perf-reports/2026-12-07-store-batches/). A command split between segments is copied.
    /// </summary>
    public static CommandInfo? ReadForwarded(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
            return null;
        SequencePosition start = reader.Position;
        Instance.Read(ref reader, StringPool.Checking);
        ReadOnlySequence<byte> bytes = reader.Sequence.Slice(start, reader.Position);
        return new CommandInfo { Encoded = bytes.IsSingleSegment ? bytes.First : bytes.ToArray() };
    }
}

/// <summary>A port mapping: <c>[host_port, container_port, protocol?]</c>.</summary>
public sealed class PortMappingFormatter : IMessageFormatter<PortMapping>
{
    public static readonly PortMappingFormatter Instance = new();
    private static readonly string[] Fields = ["HostPort", "ContainerPort", "Protocol"];

    /// <summary>Header plus one byte for each required field: the least a PortMapping can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in PortMapping value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.HostPort);
        writer.Write(value.ContainerPort);
        writer.Write(value.Protocol);
    }

    public PortMapping Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        uint hostPort = 0;
        uint containerPort = 0;
        string? protocol = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: hostPort = reader.ReadUInt32(); break;
                    case 1: containerPort = reader.ReadUInt32(); break;
                    case 2: protocol = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new PortMapping(HostPort: hostPort, ContainerPort: containerPort, Protocol: protocol);
    }
}

/// <summary>A container volume: <c>[container_path, host_path?, mode?]</c>.</summary>
public sealed class ContainerVolumeFormatter : IMessageFormatter<ContainerVolume>
{
    public static readonly ContainerVolumeFormatter Instance = new();
    private static readonly string[] Fields = ["ContainerPath", "HostPath", "Mode"];

    /// <summary>Header plus one byte for each required field: the least a ContainerVolume can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ContainerVolume value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.ContainerPath);
        writer.Write(value.HostPath);
        writer.Write((int)value.Mode);
    }

    public ContainerVolume Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string containerPath = "";
        string? hostPath = null;
        VolumeMode mode = VolumeMode.ReadWrite;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: containerPath = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: hostPath = Wire.ReadString(ref reader, strings); break;
                    case 2: mode = (VolumeMode)Wire.ReadEnum(ref reader, 1, 2, nameof(VolumeMode)); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ContainerVolume(ContainerPath: containerPath, HostPath: hostPath, Mode: mode);
    }
}

/// <summary>A container description: <c>[type, image?, network?, network_name?, port_mappings?, volumes?, hostname?, privileged?, force_pull_image?]</c>.</summary>
public sealed class ContainerInfoFormatter : IMessageFormatter<ContainerInfo>
{
    public static readonly ContainerInfoFormatter Instance = new();
    private static readonly string[] Fields = ["Type", "Image", "Network", "NetworkName", "PortMappings", "Volumes", "Hostname", "Privileged", "ForcePullImage"];

    /// <summary>Header plus one byte for each required field: the least a ContainerInfo can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ContainerInfo value)
    {
        writer.WriteArrayHeader(9);
        writer.Write((int)value.Type);
        writer.Write(value.Image);
        writer.Write((int)value.Network);
        writer.Write(value.NetworkName);
        Wire.WriteList(ref writer, value.PortMappings, PortMappingFormatter.Instance);
        Wire.WriteList(ref writer, value.Volumes, ContainerVolumeFormatter.Instance);
        writer.Write(value.Hostname);
        writer.Write(value.Privileged);
        writer.Write(value.ForcePullImage);
    }

    public ContainerInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        ContainerType type = default;
        string? image = null;
        DockerNetwork network = DockerNetwork.Host;
        string? networkName = null;
        PortMapping[] portMappings = [];
        ContainerVolume[] volumes = [];
        string? hostname = null;
        bool privileged = false;
        bool forcePullImage = false;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: type = (ContainerType)Wire.ReadEnum(ref reader, 1, 2, nameof(ContainerType)); break;
                    case 1: image = Wire.ReadString(ref reader, strings); break;
                    case 2: network = (DockerNetwork)Wire.ReadEnum(ref reader, 1, 4, nameof(DockerNetwork)); break;
                    case 3: networkName = Wire.ReadString(ref reader, strings); break;
                    case 4: portMappings = Wire.ReadList(ref reader, strings, PortMappingFormatter.Instance, PortMappingFormatter.MinBytes); break;
                    case 5: volumes = Wire.ReadList(ref reader, strings, ContainerVolumeFormatter.Instance, ContainerVolumeFormatter.MinBytes); break;
                    case 6: hostname = Wire.ReadString(ref reader, strings); break;
                    case 7: privileged = reader.ReadBoolean(); break;
                    case 8: forcePullImage = reader.ReadBoolean(); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ContainerInfo
        {
            Type = type,
            Image = image,
            Network = network,
            NetworkName = networkName,
            PortMappings = portMappings,
            Volumes = volumes,
            Hostname = hostname,
            Privileged = privileged,
            ForcePullImage = forcePullImage,
        };
    }
}

/// <summary>A health check: <c>[type, delay_seconds?, interval_seconds?, timeout_seconds?, consecutive_failures?, grace_period_seconds?, command?, port?, path?, scheme?]</c>.</summary>
public sealed class HealthCheckFormatter : IMessageFormatter<HealthCheck>
{
    public static readonly HealthCheckFormatter Instance = new();
    private static readonly string[] Fields = ["Type", "DelaySeconds", "IntervalSeconds", "TimeoutSeconds", "ConsecutiveFailures", "GracePeriodSeconds", "Command", "Port", "Path", "Scheme"];

    /// <summary>Header plus one byte for each required field: the least a HealthCheck can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in HealthCheck value)
    {
        writer.WriteArrayHeader(10);
        writer.Write((int)value.Type);
        writer.Write(value.DelaySeconds);
        writer.Write(value.IntervalSeconds);
        writer.Write(value.TimeoutSeconds);
        writer.Write(value.ConsecutiveFailures);
        writer.Write(value.GracePeriodSeconds);
        Wire.WriteOptional(ref writer, value.Command, CommandInfoFormatter.Instance);
        writer.Write(value.Port);
        writer.Write(value.Path);
        writer.Write(value.Scheme);
    }

    public HealthCheck Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        HealthCheckType type = default;
        double delaySeconds = 15;
        double intervalSeconds = 10;
        double timeoutSeconds = 20;
        uint consecutiveFailures = 3;
        double gracePeriodSeconds = 10;
        CommandInfo? command = null;
        uint port = 0;
        string? path = null;
        string? scheme = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: type = (HealthCheckType)Wire.ReadEnum(ref reader, 1, 3, nameof(HealthCheckType)); break;
                    case 1: delaySeconds = reader.ReadDouble(); break;
                    case 2: intervalSeconds = reader.ReadDouble(); break;
                    case 3: timeoutSeconds = reader.ReadDouble(); break;
                    case 4: consecutiveFailures = reader.ReadUInt32(); break;
                    case 5: gracePeriodSeconds = reader.ReadDouble(); break;
                    case 6: command = Wire.ReadOptional(ref reader, strings, CommandInfoFormatter.Instance); break;
                    case 7: port = reader.ReadUInt32(); break;
                    case 8: path = Wire.ReadString(ref reader, strings); break;
                    case 9: scheme = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new HealthCheck
        {
            Type = type,
            DelaySeconds = delaySeconds,
            IntervalSeconds = intervalSeconds,
            TimeoutSeconds = timeoutSeconds,
            ConsecutiveFailures = consecutiveFailures,
            GracePeriodSeconds = gracePeriodSeconds,
            Command = command,
            Port = port,
            Path = path,
            Scheme = scheme,
        };
    }
}

/// <summary>An executor: <c>[executor_id, type?, framework_id?, command?, container?, resources?, name?, labels?, data?]</c>.</summary>
public sealed class ExecutorInfoFormatter : IMessageFormatter<ExecutorInfo>
{
    public static readonly ExecutorInfoFormatter Instance = new();
    private static readonly string[] Fields = ["ExecutorId", "Type", "FrameworkId", "Command", "Container", "Resources", "Name", "Labels", "Data"];

    /// <summary>Header plus one byte for each required field: the least a ExecutorInfo can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ExecutorInfo value)
    {
        writer.WriteArrayHeader(9);
        writer.Write(value.ExecutorId.Value);
        writer.Write((int)value.Type);
        writer.Write(value.FrameworkId?.Value);
        Wire.WriteOptional(ref writer, value.Command, CommandInfoFormatter.Instance);
        Wire.WriteOptional(ref writer, value.Container, ContainerInfoFormatter.Instance);
        ResourcesFormatter.Instance.Write(ref writer, value.Resources);
        writer.Write(value.Name);
        Wire.WriteList(ref writer, value.Labels, LabelFormatter.Instance);
        Wire.WriteBytes(ref writer, value.Data);
    }

    public ExecutorInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        ExecutorId executorId = default;
        ExecutorType type = ExecutorType.Unknown;
        FrameworkId? frameworkId = null;
        CommandInfo? command = null;
        ContainerInfo? container = null;
        Resources resources = Resources.Empty;
        string? name = null;
        Label[] labels = [];
        ReadOnlyMemory<byte> data = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: executorId = new ExecutorId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: type = (ExecutorType)Wire.ReadEnum(ref reader, 0, 2, nameof(ExecutorType)); break;
                    case 2: frameworkId = Wire.ReadOptionalFrameworkId(ref reader, strings); break;
                    case 3: command = Wire.ReadOptional(ref reader, strings, CommandInfoFormatter.Instance); break;
                    case 4: container = Wire.ReadOptional(ref reader, strings, ContainerInfoFormatter.Instance); break;
                    case 5: resources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 6: name = Wire.ReadString(ref reader, strings); break;
                    case 7: labels = Wire.ReadList(ref reader, strings, LabelFormatter.Instance, LabelFormatter.MinBytes); break;
                    case 8: data = Wire.ReadBytes(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ExecutorInfo
        {
            ExecutorId = executorId,
            Type = type,
            FrameworkId = frameworkId,
            Command = command,
            Container = container,
            Resources = resources,
            Name = name,
            Labels = labels,
            Data = data,
        };
    }
}

/// <summary>A task to launch: <c>[name, task_id, agent_id, resources?, command?, executor?, container?, health_check?, kill_policy?, labels?, data?]</c>.</summary>
public sealed class TaskInfoFormatter : IMessageFormatter<TaskInfo>
{
    public static readonly TaskInfoFormatter Instance = new();
    private static readonly string[] Fields = ["Name", "TaskId", "AgentId", "Resources", "Command", "Executor", "Container", "HealthCheck", "KillPolicy", "Labels", "Data"];

    /// <summary>Header plus one byte for each required field: the least a TaskInfo can take on the wire.</summary>
    internal const int MinBytes = 4;

    public void Write(ref MessagePackWriter writer, in TaskInfo value)
    {
        writer.WriteArrayHeader(11);
        writer.Write(value.Name);
        writer.Write(value.TaskId.Value);
        writer.Write(value.AgentId.Value);
        ResourcesFormatter.Instance.Write(ref writer, value.Resources);
        Wire.WriteOptional(ref writer, value.Command, CommandInfoFormatter.Instance);
        Wire.WriteOptional(ref writer, value.Executor, ExecutorInfoFormatter.Instance);
        Wire.WriteOptional(ref writer, value.Container, ContainerInfoFormatter.Instance);
        Wire.WriteOptional(ref writer, value.HealthCheck, HealthCheckFormatter.Instance);
        Wire.WriteOptionalValue(ref writer, value.KillPolicy, KillPolicyFormatter.Instance);
        Wire.WriteList(ref writer, value.Labels, LabelFormatter.Instance);
        Wire.WriteBytes(ref writer, value.Data);
    }

    public TaskInfo Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 3);
        string name = "";
        TaskId taskId = default;
        AgentId agentId = default;
        Resources resources = Resources.Empty;
        CommandInfo? command = null;
        ExecutorInfo? executor = null;
        ContainerInfo? container = null;
        HealthCheck? healthCheck = null;
        KillPolicy? killPolicy = null;
        Label[] labels = [];
        ReadOnlyMemory<byte> data = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: name = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: taskId = new TaskId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 3: resources = ResourcesFormatter.Instance.Read(ref reader, strings); break;
                    case 4:
                        command = strings.ForwardsCommands
                            ? CommandInfoFormatter.ReadForwarded(ref reader)
                            : Wire.ReadOptional(ref reader, strings, CommandInfoFormatter.Instance);
                        break;
                    case 5: executor = Wire.ReadOptional(ref reader, strings, ExecutorInfoFormatter.Instance); break;
                    case 6: container = Wire.ReadOptional(ref reader, strings, ContainerInfoFormatter.Instance); break;
                    case 7: healthCheck = Wire.ReadOptional(ref reader, strings, HealthCheckFormatter.Instance); break;
                    case 8: killPolicy = Wire.ReadOptionalValue(ref reader, strings, KillPolicyFormatter.Instance); break;
                    case 9: labels = Wire.ReadList(ref reader, strings, LabelFormatter.Instance, LabelFormatter.MinBytes); break;
                    case 10: data = Wire.ReadBytes(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new TaskInfo
        {
            Name = name,
            TaskId = taskId,
            AgentId = agentId,
            Resources = resources,
            Command = command,
            Executor = executor,
            Container = container,
            HealthCheck = healthCheck,
            KillPolicy = killPolicy,
            Labels = labels,
            Data = data,
        };
    }
}
