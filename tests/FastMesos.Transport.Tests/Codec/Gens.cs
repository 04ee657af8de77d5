using CsCheck;
using FastMesos.Messages;
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// Generators for every contract type. Strings mix ASCII, multi-byte and astral (surrogate pair)
/// characters, and are sometimes long enough to skip interning; optional values are often null;
/// ranges reach ulong.MaxValue; lists are short so thousands of samples stay fast.
/// </summary>
internal static class Gens
{
    private static readonly string[] Pieces =
        ["a", "b", "z", "Q", "0", "7", "-", ".", "_", "/", " ", "é", "ß", "ñ", "中", "文", "😀", "🚀", "\u00A0", "\t", "\0"];

    /// <summary>Free text; one draw in ten is 60–200 pieces, beyond the interning limits.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (9, Gen.OneOf(Pieces).Array[0, 10].Select(p => string.Concat(p))),
        (1, Gen.OneOf(Pieces).Array[60, 200].Select(p => string.Concat(p))));

    public static readonly Gen<string?> OptionalText = Text.Null(0.3);

    public static readonly Gen<string> NonEmptyText = Gen.OneOf(Pieces).Array[1, 8].Select(p => string.Concat(p));

    public static readonly Gen<string> Role = Gen.OneOf(RoleName.Any, "web", "eng/frontend", "ops", "a-b.c", "ßeta");

    public static readonly Gen<ReadOnlyMemory<byte>> Bytes = Gen.Frequency(
        (2, Gen.Const(ReadOnlyMemory<byte>.Empty)),
        (3, Gen.Byte.Array[1, 40].Select(b => (ReadOnlyMemory<byte>)b)));

    public static readonly Gen<HeartbeatChannel> HeartbeatChannel =
        Gen.Select(Gen.Int[1, 65535], Gen.UInt, Gen.ULong, (port, slot, token) => new HeartbeatChannel(port, slot, token));

    public static readonly Gen<AgentId> AgentId = Text.Select(s => new AgentId(s));
    public static readonly Gen<FrameworkId> FrameworkId = Text.Select(s => new FrameworkId(s));
    public static readonly Gen<TaskId> TaskId = Text.Select(s => new TaskId(s));
    public static readonly Gen<ExecutorId> ExecutorId = Text.Select(s => new ExecutorId(s));
    public static readonly Gen<OfferId> OfferId = Text.Select(s => new OfferId(s));

    private static readonly Gen<ulong> Bound = Gen.Frequency(
        (4, Gen.ULong[0, 100_000]),
        (1, Gen.ULong),
        (1, Gen.Const(0UL)),
        (1, Gen.Const(ulong.MaxValue)));

    public static readonly Gen<ValueRange[]> Ranges =
        Gen.Select(Bound, Bound, (a, b) => new ValueRange(Math.Min(a, b), Math.Max(a, b))).Array[0, 6];

    private static readonly (string Role, ReservationType Type, string? Principal)[] Pools =
    [
        (RoleName.Any, ReservationType.None, null),
        ("web", ReservationType.Static, null),
        ("eng/frontend", ReservationType.Static, null),
        ("web", ReservationType.Dynamic, "ops"),
        ("web", ReservationType.Dynamic, "ålice"),
        ("eng/frontend", ReservationType.Dynamic, null),
    ];

    private static readonly Gen<(string Role, ReservationType Type, string? Principal)> Pool = Gen.OneOf(Pools);

    public static readonly Gen<Resource> Resource = Gen.Int[0, 2].SelectMany(kind => kind switch
    {
        0 => Gen.Select(Gen.OneOf("cpus", "mem", "disk", "gpus"), Gen.Frequency((4, Gen.Long[0, 100_000_000]), (1, Gen.Const(100_000_000_000_000L))), Pool,
            (name, milli, p) => Messages.Resource.CreateScalar(name, new Scalar(milli), p.Role, p.Type, p.Principal)),
        1 => Gen.Select(Gen.OneOf("ports", "ephemeral_ports"), Ranges, Pool,
            (name, ranges, p) => Messages.Resource.CreateRanges(name, ranges, p.Role, p.Type, p.Principal)),
        _ => Gen.Select(Gen.OneOf("disks", "gpu_ids"), NonEmptyText.Array[0, 4], Pool,
            (name, items, p) => Messages.Resource.CreateSet(name, items, p.Role, p.Type, p.Principal)),
    });

    public static readonly Gen<Resources> Resources = Resource.Array[0, 6].Select(r => Messages.Resources.From(r));

    public static readonly Gen<AgentAttribute> Attribute = Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => Gen.Select(Text, Gen.Double[-1e9, 1e9], (n, d) => new AgentAttribute { Name = n, Type = AttributeType.Scalar, Scalar = d }),
        1 => Gen.Select(Text, Ranges, (n, r) => new AgentAttribute { Name = n, Type = AttributeType.Ranges, Ranges = r }),
        2 => Gen.Select(Text, NonEmptyText.Array[0, 4], (n, s) => new AgentAttribute { Name = n, Type = AttributeType.Set, Set = s }),
        _ => Gen.Select(Text, Text, (n, t) => new AgentAttribute { Name = n, Type = AttributeType.Text, Text = t }),
    });

    /// <summary>The index suffix keeps names unique, as <see cref="AgentAttributes"/> requires ('#' is not a piece).</summary>
    public static readonly Gen<AgentAttributes> Attributes = Attribute.Array[0, 5].Select(a =>
    {
        var named = new AgentAttribute[a.Length];
        for (int i = 0; i < a.Length; i++)
            named[i] = a[i] with { Name = a[i].Name + "#" + i };
        return new AgentAttributes(named);
    });

    public static readonly Gen<Label[]> Labels = Gen.Select(Text, OptionalText, (k, v) => new Label(k, v)).Array[0, 3];

    public static readonly Gen<CommandUri> CommandUri =
        Gen.Select(Text, Gen.Bool, Gen.Bool, Gen.Bool, OptionalText, (v, x, e, c, o) => new CommandUri(v, x, e, c, o));

    public static readonly Gen<CommandInfo> CommandInfo = Gen.Select(OptionalText, Gen.Bool, Text.Array[0, 3],
        Gen.Select(Text, Text, (n, v) => new EnvironmentVariable(n, v)).Array[0, 3], CommandUri.Array[0, 2], OptionalText,
        (value, shell, args, env, uris, user) => new CommandInfo
        {
            Value = value, Shell = shell, Arguments = args, Environment = env, Uris = uris, User = user,
        });

    public static readonly Gen<ContainerInfo> ContainerInfo = Gen.Select(Gen.Enum<ContainerType>(), OptionalText, Gen.Enum<DockerNetwork>(),
        OptionalText, Gen.Select(Gen.UInt, Gen.UInt, OptionalText, (h, c, p) => new PortMapping(h, c, p)).Array[0, 3],
        Gen.Select(Text, OptionalText, Gen.Enum<VolumeMode>(), (c, h, m) => new ContainerVolume(c, h, m)).Array[0, 2],
        OptionalText, Gen.Bool, Gen.Bool,
        (type, image, network, networkName, ports, volumes, hostname, privileged, forcePull) => new ContainerInfo
        {
            Type = type, Image = image, Network = network, NetworkName = networkName, PortMappings = ports, Volumes = volumes,
            Hostname = hostname, Privileged = privileged, ForcePullImage = forcePull,
        });

    public static readonly Gen<HealthCheck> HealthCheck = Gen.Select(Gen.Enum<HealthCheckType>(), Gen.Double, Gen.Double, Gen.Double,
        Gen.UInt, Gen.Double, CommandInfo.Null(0.5), Gen.UInt, OptionalText, OptionalText,
        (type, delay, interval, timeout, failures, grace, command, port, path, scheme) => new HealthCheck
        {
            Type = type, DelaySeconds = delay, IntervalSeconds = interval, TimeoutSeconds = timeout, ConsecutiveFailures = failures,
            GracePeriodSeconds = grace, Command = command, Port = port, Path = path, Scheme = scheme,
        });

    public static readonly Gen<KillPolicy> KillPolicy = Gen.Long.Select(ns => new KillPolicy(ns));

    public static readonly Gen<ExecutorInfo> ExecutorInfo = Gen.Select(Gen.Enum<ExecutorType>(), ExecutorId, FrameworkId.Nullable(0.3),
        CommandInfo.Null(0.3), ContainerInfo.Null(0.5), Resources, OptionalText, Labels, Bytes,
        (type, id, fw, command, container, resources, name, labels, data) => new ExecutorInfo
        {
            Type = type, ExecutorId = id, FrameworkId = fw, Command = command, Container = container, Resources = resources,
            Name = name, Labels = labels, Data = data,
        });

    public static readonly Gen<TaskInfo> TaskInfo = Gen.Select(Text, TaskId, AgentId, Resources, CommandInfo.Null(0.4),
        ExecutorInfo.Null(0.6), ContainerInfo.Null(0.5), HealthCheck.Null(0.6), KillPolicy.Nullable(0.5), Labels, Bytes,
        (name, id, agent, resources, command, executor, container, health, kill, labels, data) => new TaskInfo
        {
            Name = name, TaskId = id, AgentId = agent, Resources = resources, Command = command, Executor = executor,
            Container = container, HealthCheck = health, KillPolicy = kill, Labels = labels, Data = data,
        });

    public static readonly Gen<ContainerStatus> ContainerStatus = Gen.Select(OptionalText, Text.Array[0, 3], Gen.UInt.Nullable(0.3),
        (id, ips, pid) => new ContainerStatus { ContainerId = id, IpAddresses = ips, ExecutorPid = pid });

    public static readonly Gen<TaskStatus> TaskStatus = Gen.Select(TaskId, Gen.Enum<TaskState>(), OptionalText, Gen.Enum<TaskStatusSource>(),
        Gen.Enum<TaskStatusReason>().Nullable(0.3), AgentId.Nullable(0.3), ExecutorId.Nullable(0.5), Gen.Double,
        Gen.Guid.Nullable(0.3), Gen.Bool.Nullable(0.5), ContainerStatus.Null(0.6), Labels, Gen.Long.Nullable(0.6), Bytes,
        (id, state, message, source, reason, agent, executor, timestamp, uuid, healthy, container, labels, unreachable, data) => new TaskStatus
        {
            TaskId = id, State = state, Message = message, Source = source, Reason = reason, AgentId = agent, ExecutorId = executor,
            Timestamp = timestamp, Uuid = uuid, Healthy = healthy, ContainerStatus = container, Labels = labels,
            UnreachableTimeNanoseconds = unreachable, Data = data,
        });

    public static readonly Gen<LaunchedTask> LaunchedTask = Gen.Select(Text, TaskId, FrameworkId, AgentId, Gen.Enum<TaskState>(),
        ExecutorId.Nullable(0.5), Resources, Gen.Enum<TaskState>().Nullable(0.5), Gen.Guid.Nullable(0.5), Labels,
        (name, id, fw, agent, state, executor, resources, updateState, updateUuid, labels) => new LaunchedTask
        {
            Name = name, TaskId = id, FrameworkId = fw, AgentId = agent, State = state, ExecutorId = executor, Resources = resources,
            StatusUpdateState = updateState, StatusUpdateUuid = updateUuid, Labels = labels,
        });

    public static readonly Gen<FrameworkCapabilities> Capabilities = Gen.UInt[0, (uint)FrameworkCapabilities.All].Select(u => (FrameworkCapabilities)u);

    public static readonly Gen<FrameworkInfo> FrameworkInfo = Gen.Select(Text, Text, FrameworkId.Nullable(0.4), Gen.Double, Gen.Bool,
        Role.Array[0, 3], OptionalText, OptionalText, OptionalText, Capabilities, Labels,
        (user, name, id, failover, checkpoint, roles, hostname, principal, webui, caps, labels) => new FrameworkInfo
        {
            User = user, Name = name, Id = id, FailoverTimeoutSeconds = failover, Checkpoint = checkpoint, Roles = roles,
            Hostname = hostname, Principal = principal, WebUiUrl = webui, Capabilities = caps, Labels = labels,
        });

    public static readonly Gen<CompletedFramework> CompletedFramework = Gen.Select(FrameworkInfo, LaunchedTask.Array[0, 3],
        (framework, tasks) => new CompletedFramework { Framework = framework, Tasks = tasks });

    public static readonly Gen<AgentInfo> AgentInfo = Gen.Select(Text, Gen.Int, AgentId.Nullable(0.4), Resources, Attributes,
        (hostname, port, id, resources, attributes) => new AgentInfo
        {
            Hostname = hostname, Port = port, Id = id, Resources = resources, Attributes = attributes,
        });

    public static readonly Gen<MasterInfo> MasterInfo = Gen.Select(Text, OptionalText, Gen.Int, OptionalText,
        (id, hostname, port, version) => new MasterInfo { Id = id, Hostname = hostname, Port = port, Version = version });

    public static readonly Gen<Offer> Offer = Gen.Select(OfferId, FrameworkId, AgentId, Text, Resources, Attributes,
        ExecutorId.Array[0, 3], Role.Null(0.3),
        (id, fw, agent, hostname, resources, attributes, executors, role) => new Offer
        {
            Id = id, FrameworkId = fw, AgentId = agent, Hostname = hostname, Resources = resources, Attributes = attributes,
            ExecutorIds = executors, AllocationRole = role,
        });

    public static readonly Gen<Filters> Filters = Gen.Double.Select(d => new Filters(d));

    public static readonly Gen<PersistentVolume> PersistentVolume = Gen.Select(Text, Role, Gen.Long[0, 1_000_000_000_000_000L],
        OptionalText, OptionalText, Gen.Enum<VolumeMode>(),
        (id, role, size, principal, path, mode) => new PersistentVolume
        {
            PersistenceId = id, Role = role, Size = new Scalar(size), Principal = principal, ContainerPath = path, Mode = mode,
        });

    public static readonly Gen<OfferOperation> OfferOperation = Gen.Select(Gen.Enum<OfferOperationType>(), OptionalText,
        TaskInfo.Array[0, 2], ExecutorInfo.Null(0.6), Resources, PersistentVolume.Array[0, 2],
        (type, id, tasks, executor, resources, volumes) => new OfferOperation
        {
            Type = type, Id = id, Tasks = tasks, Executor = executor, Resources = resources, Volumes = volumes,
        });

    public static readonly Gen<ReconcileTask> ReconcileTask = Gen.Select(TaskId, AgentId.Nullable(0.4), (t, a) => new ReconcileTask(t, a));
}
