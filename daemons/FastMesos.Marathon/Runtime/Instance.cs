using System.Globalization;
using System.Text.Json;
using FastMesos.Messages;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// One instance of an app: a slot that holds one task at a time. Marathon's ids: the instance is
/// <c>&lt;app path, / as _&gt;.instance-&lt;uuid&gt;</c>, its task
/// <c>&lt;instance id&gt;._app.&lt;incarnation&gt;</c>; a relaunch after a terminal task keeps the
/// instance id and increments the incarnation. Owned by the runtime loop (not thread-safe).
/// <para>Invariant: <see cref="State"/> is null exactly while the instance is scheduled (waiting
/// for an offer); once launched it holds the last state the master reported (or Staging).</para>
/// </summary>
public sealed class Instance
{
    public required string InstanceId { get; init; }

    /// <summary>The app's absolute path, e.g. <c>/prod/web</c>.</summary>
    public required string AppId { get; init; }

    /// <summary>The version of the app definition this instance runs (or will run), in UTC.</summary>
    public required DateTimeOffset AppVersion
    {
        get => new(_appVersion, TimeSpan.Zero);
        set => _appVersion = value.UtcTicks;
    }

    public InstanceGoal Goal { get; set; } = InstanceGoal.Running;

    /// <summary>Task incarnations started so far (the current task's is this number).</summary>
    public int Incarnation { get; set; }

    /// <summary>
    /// The current incarnation's task id, built anew on each call: a launch, a reconciliation and the
    /// health and readiness probes take it; the status path compares with <see cref="IsTask"/> and
    /// JSON writes it with <see cref="WriteTaskId"/>, building nothing. A kept copy was ~150 bytes
    /// more per instance from its launch on, through every collection of a million-task heap
    /// (perf-reports/2026-12-07-task-table-handles/).
    /// </summary>
    public string TaskId => string.Concat(InstanceId, TaskMarker, Incarnation.ToString(CultureInfo.InvariantCulture));

    private const string TaskMarker = "._app.";

    /// <summary>Whether <paramref name="taskId"/> is this instance's current task (<see cref="TaskId"/>), compared without building it.</summary>
    public bool IsTask(string taskId)
    {
        ReadOnlySpan<char> rest = taskId;
        if (!rest.StartsWith(InstanceId, StringComparison.Ordinal))
            return false;
        rest = rest[InstanceId.Length..];
        if (!rest.StartsWith(TaskMarker, StringComparison.Ordinal))
            return false;
        Span<char> incarnation = stackalloc char[11];
        return Incarnation.TryFormat(incarnation, out int written, default, CultureInfo.InvariantCulture)
            && rest[TaskMarker.Length..].SequenceEqual(incarnation[..written]);
    }

    /// <summary>Writes <see cref="TaskId"/> as the JSON property <paramref name="name"/> without making the string (ids of apps with paths that long get one).</summary>
    public void WriteTaskId(Utf8JsonWriter writer, string name)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int length = InstanceId.Length + TaskMarker.Length + 11;
        if (length > 512)
        {
            writer.WriteString(name, TaskId);
            return;
        }

        Span<char> chars = stackalloc char[length];
        InstanceId.CopyTo(chars);
        TaskMarker.CopyTo(chars[InstanceId.Length..]);
        int at = InstanceId.Length + TaskMarker.Length;
        Incarnation.TryFormat(chars[at..], out int written, default, CultureInfo.InvariantCulture);
        writer.WriteString(name, chars[..(at + written)]);
    }

    /// <summary>
    /// The key this instance is stored under (<c>instances/&lt;instance id&gt;</c>), built per write:
    /// an instance is written about twice in its life, and a kept copy of its id was 160 bytes more
    /// per instance held from launch to the end, through every collection of a million-task heap.
    /// </summary>
    public string StoreKey => StorePrefix + "/" + InstanceId;

    /// <summary>The store folder of instance records.</summary>
    public const string StorePrefix = "instances";

    /// <summary>The last state the master reported for the current task; null while scheduled.</summary>
    public TaskState? State
    {
        get => _state == NoState ? null : (TaskState)_state;
        set => _state = value is { } state ? StateByte(state) : NoState;
    }

    /// <summary>The agent the current task was launched on; null while scheduled.</summary>
    public AgentId? AgentId
    {
        get => _agentId is null ? null : new AgentId(_agentId);
        set => _agentId = value?.Value;
    }

    public string? Host { get; set; }

    /// <summary>The current task's host ports, in port-definition order (none while scheduled).</summary>
    public HostPortList HostPorts
    {
        get => new(_port, _ports);
        set
        {
            _port = value.Single;
            _ports = value.Many;
        }
    }

    /// <summary>When the current task was launched (in UTC); null while scheduled.</summary>
    public DateTimeOffset? StagedAt
    {
        get => FromTicks(_stagedAt);
        set => _stagedAt = Ticks(value);
    }

    /// <summary>When the current task first reported TASK_RUNNING (in UTC); null before.</summary>
    public DateTimeOffset? StartedAt
    {
        get => FromTicks(_startedAt);
        set => _startedAt = Ticks(value);
    }

    /// <summary>Health from Mesos-level checks (null: no check or no result yet).</summary>
    public bool? Healthy { get; set; }

    /// <summary>Results of the app's Marathon-level health checks, by check index (null before the first probe).</summary>
    public Apps.Health.HealthState[]? HealthResults { get; set; }

    /// <summary>When the task was reported unreachable (null while reachable).</summary>
    public DateTimeOffset? UnreachableSince
    {
        get => FromTicks(_unreachableSince);
        set => _unreachableSince = Ticks(value);
    }

    // A million instances stay on the heap through a 1,000 × 1,000 deploy, so the fields are kept
    // small: the app version as UTC ticks and the three optional timestamps as UTC ticks plus one
    // (0: none) instead of 16- and 24-byte DateTimeOffset(?) fields, the state as a byte, the agent
    // as its id's string (an AgentId whose value is null reads back as none), and one host port
    // inline (HostPortList's two fields, kept apart so they pack with the rest). The object takes
    // 112 bytes instead of 184, and a launched instance no 32-byte ports array beside it
    // (InstanceFieldsTests). Every heap byte kept here is one the collector copies when it promotes
    // the instance and one this VM faults in (perf-reports/2026-12-07-compact-instances/). The
    // properties give back what was set; timestamps in UTC (the same instant).
    private string? _agentId;
    private long _appVersion;
    private int[]? _ports;
    private int _port;
    private long _stagedAt;
    private long _startedAt;
    private long _unreachableSince;
    private byte _state = NoState;

    /// <summary><see cref="_state"/> while scheduled (no task state).</summary>
    private const byte NoState = byte.MaxValue;

    private static byte StateByte(TaskState state)
    {
        if ((uint)state >= NoState)
            ThrowStateOutOfRange(state);
        return (byte)state;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowStateOutOfRange(TaskState state) =>
        throw new ArgumentOutOfRangeException(nameof(State), state, "not a task state");

    /// <summary>A timestamp as stored: its UTC ticks plus one, 0 for none (so <see cref="DateTimeOffset.MinValue"/> stays a value).</summary>
    private static long Ticks(DateTimeOffset? value) => value is { } v ? v.UtcTicks + 1 : 0;

    private static DateTimeOffset? FromTicks(long stored) => stored == 0 ? null : new DateTimeOffset(stored - 1, TimeSpan.Zero);

    /// <summary>True while the instance waits for an offer.</summary>
    public bool IsScheduled => _state == NoState;

    /// <summary>
    /// True while the runtime's index of instances holds this very object (set and cleared by its
    /// AddInstance and RemoveInstance, and cleared when another instance of the same id replaces
    /// it): what a write decided earlier checks before storing it, without a lookup in a table of a
    /// million instances.
    /// </summary>
    internal bool Indexed { get; set; }

    /// <summary>
    /// True while the runtime's launch queue holds this object (set when queued, cleared when taken
    /// off): an instance is queued at most once, whatever path schedules it again meanwhile.
    /// </summary>
    internal bool InLaunchQueue { get; set; }

    /// <summary>True when a task is launched and not terminal.</summary>
    public bool IsActive => State is { } s && !s.IsTerminal();

    public bool IsRunning => _state == (byte)TaskState.Running;

    /// <summary>Makes a new instance id for <paramref name="appId"/>; ids made later sort later (<see cref="TimeOrderedUuid"/>).</summary>
    public static string NewInstanceId(string appId)
    {
        ReadOnlySpan<char> path = appId.AsSpan().TrimStart('/');
        return string.Create(path.Length + InstanceMarker.Length + 36, (appId, TimeOrderedUuid.Next()), static (chars, state) =>
        {
            ReadOnlySpan<char> source = state.appId.AsSpan().TrimStart('/');
            source.Replace(chars, '/', '_');
            InstanceMarker.CopyTo(chars[source.Length..]);
            state.Item2.TryFormat(chars[(source.Length + InstanceMarker.Length)..], out _, "D");
        });
    }

    private const string InstanceMarker = ".instance-";

    /// <summary>
    /// The instance id inside a Marathon task id (<c>x.instance-uuid._app.3</c> → <c>x.instance-uuid</c>),
    /// or null when the text is not one.
    /// </summary>
    public static string? InstanceIdOf(string taskId) =>
        TryInstanceIdOf(taskId, out ReadOnlySpan<char> instanceId)
            ? instanceId.Length == taskId.Length ? taskId : new string(instanceId)
            : null;

    /// <summary>
    /// <see cref="InstanceIdOf"/> without allocating: the instance id as a slice of
    /// <paramref name="taskId"/> (for alternate-key dictionary lookups on the status path).
    /// </summary>
    public static bool TryInstanceIdOf(string taskId, out ReadOnlySpan<char> instanceId)
    {
        instanceId = default;
        int marker = taskId.IndexOf(InstanceMarker, StringComparison.Ordinal);
        if (marker <= 0)
            return false;
        int app = taskId.IndexOf(TaskMarker, marker, StringComparison.Ordinal);
        ReadOnlySpan<char> id = app < 0 ? taskId : taskId.AsSpan(0, app);
        if (!Guid.TryParse(id[(marker + InstanceMarker.Length)..], out _))
            return false;
        instanceId = id;
        return true;
    }

    /// <summary>The app path encoded in an instance id (<c>prod_web.instance-…</c> → <c>/prod/web</c>).</summary>
    public static string AppIdOf(string instanceId)
    {
        int marker = instanceId.IndexOf(".instance-", StringComparison.Ordinal);
        return "/" + instanceId[..marker].Replace('_', '/');
    }
}
