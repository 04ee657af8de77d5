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
    /// <summary>
    /// The UUID of the instance id (<see cref="InstanceId"/> is the app's path and this): what the
    /// instance keeps of its id, 16 bytes in place of a 144-byte string per instance.
    /// </summary>
    public required Guid Uuid { get; init; }

    /// <summary>
    /// The instance id, <c>&lt;app path, / as _&gt;.instance-&lt;uuid&gt;</c>, built anew on each call from
    /// <see cref="AppId"/> and <see cref="Uuid"/>: a kept copy was a 144-byte string per instance held
    /// from its scheduling to the end, through every collection of a million-instance heap. The
    /// runtime's index looks instances up by their UUID (<see cref="InstanceTable"/>), JSON writes the
    /// id with <see cref="WriteInstanceId"/>, and the status path compares with <see cref="IsTask"/>,
    /// none of them building it.
    /// </summary>
    public string InstanceId => string.Create(IdLength, this, static (chars, instance) => instance.FormatId(chars));

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
    /// The current incarnation's task id, <c>&lt;instance id&gt;._app.&lt;incarnation&gt;</c>, built anew on
    /// each call: a launch, a reconciliation and the health and readiness probes take it; the status
    /// path compares with <see cref="IsTask"/> and JSON writes it with <see cref="WriteTaskId"/>,
    /// building nothing. A kept copy was ~150 bytes more per instance from its launch on, through
    /// every collection of a million-task heap (perf-reports/2026-12-07-task-table-handles/).
    /// </summary>
    public string TaskId
    {
        get
        {
            int length = TaskIdCapacity;
            if (length > MaxStackChars)
                return string.Concat(InstanceId, TaskMarker, Incarnation.ToString(CultureInfo.InvariantCulture));
            Span<char> chars = stackalloc char[length];
            return new string(chars[..FormatTaskId(chars)]);
        }
    }

    private const string TaskMarker = "._app.";

    /// <summary>Ids longer than this (apps with paths of hundreds of characters) are built on the heap, not the stack.</summary>
    private const int MaxStackChars = 512;

    /// <summary>The length of <see cref="InstanceId"/>.</summary>
    private int IdLength => AppId.AsSpan().TrimStart('/').Length + InstanceMarker.Length + UuidChars;

    /// <summary>Room for <see cref="TaskId"/>: the instance id, the marker and an int's digits.</summary>
    private int TaskIdCapacity => IdLength + TaskMarker.Length + 11;

    /// <summary>
    /// Writes <see cref="InstanceId"/> to the start of <paramref name="destination"/>, building no
    /// string; false, writing nothing, when it does not fit.
    /// </summary>
    public bool TryFormatId(Span<char> destination, out int written)
    {
        written = 0;
        if (destination.Length < IdLength)
            return false;
        written = FormatId(destination);
        return true;
    }

    /// <summary>Writes <see cref="InstanceId"/> to the start of <paramref name="chars"/> (at least <see cref="IdLength"/> long); returns its length.</summary>
    private int FormatId(Span<char> chars)
    {
        ReadOnlySpan<char> path = AppId.AsSpan().TrimStart('/');
        path.Replace(chars, '/', '_');
        InstanceMarker.CopyTo(chars[path.Length..]);
        int at = path.Length + InstanceMarker.Length;
        Uuid.TryFormat(chars[at..], out int written, "D");
        return at + written;
    }

    /// <summary>Writes <see cref="TaskId"/> to the start of <paramref name="chars"/> (at least <see cref="TaskIdCapacity"/> long); returns its length.</summary>
    private int FormatTaskId(Span<char> chars)
    {
        int at = FormatId(chars);
        TaskMarker.CopyTo(chars[at..]);
        at += TaskMarker.Length;
        Incarnation.TryFormat(chars[at..], out int written, default, CultureInfo.InvariantCulture);
        return at + written;
    }

    /// <summary>Whether <paramref name="instanceId"/> is this instance's id (<see cref="InstanceId"/>), compared without building it.</summary>
    public bool HasId(ReadOnlySpan<char> instanceId)
    {
        int length = IdLength;
        if (instanceId.Length != length)
            return false;
        if (length > MaxStackChars)
            return instanceId.SequenceEqual(InstanceId);
        Span<char> chars = stackalloc char[length];
        return instanceId.SequenceEqual(chars[..FormatId(chars)]);
    }

    /// <summary>Whether <paramref name="taskId"/> is this instance's current task (<see cref="TaskId"/>), compared without building it.</summary>
    public bool IsTask(ReadOnlySpan<char> taskId)
    {
        int capacity = TaskIdCapacity;
        if (taskId.Length > capacity)
            return false;
        if (capacity > MaxStackChars)
            return taskId.SequenceEqual(TaskId);
        Span<char> chars = stackalloc char[capacity];
        return taskId.SequenceEqual(chars[..FormatTaskId(chars)]);
    }

    /// <summary>Writes <see cref="InstanceId"/> as the JSON property <paramref name="name"/> without making the string (ids of apps with paths that long get one).</summary>
    public void WriteInstanceId(Utf8JsonWriter writer, string name) => WriteId(writer, name, task: false);

    /// <summary>Writes <see cref="TaskId"/> as the JSON property <paramref name="name"/> without making the string (ids of apps with paths that long get one).</summary>
    public void WriteTaskId(Utf8JsonWriter writer, string name) => WriteId(writer, name, task: true);

    private void WriteId(Utf8JsonWriter writer, string name, bool task)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int capacity = task ? TaskIdCapacity : IdLength;
        if (capacity > MaxStackChars)
        {
            writer.WriteString(name, task ? TaskId : InstanceId);
            return;
        }

        Span<char> chars = stackalloc char[capacity];
        writer.WriteString(name, chars[..(task ? FormatTaskId(chars) : FormatId(chars))]);
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
    internal bool Indexed
    {
        get => HasMark(IndexedMark);
        set => SetMark(IndexedMark, value);
    }

    /// <summary>
    /// True while the runtime's launch queue holds this object (set when queued, cleared when taken
    /// off): an instance is queued at most once, whatever path schedules it again meanwhile.
    /// </summary>
    internal bool InLaunchQueue
    {
        get => HasMark(QueuedMark);
        set => SetMark(QueuedMark, value);
    }

    /// <summary>
    /// True while the runtime's housekeeping list holds this object (set when added, cleared when a
    /// housekeeping pass drops it): an instance is listed at most once.
    /// </summary>
    internal bool Housekept
    {
        get => HasMark(HousekeptMark);
        set => SetMark(HousekeptMark, value);
    }

    // The runtime's three marks in one byte: three bools took the object from 120 to 128 bytes.
    private const byte IndexedMark = 1, QueuedMark = 2, HousekeptMark = 4;
    private byte _marks;

    private bool HasMark(byte mark) => (_marks & mark) != 0;

    private void SetMark(byte mark, bool value) => _marks = value ? (byte)(_marks | mark) : (byte)(_marks & ~mark);

    /// <summary>True when a task is launched and not terminal.</summary>
    public bool IsActive => State is { } s && !s.IsTerminal();

    public bool IsRunning => _state == (byte)TaskState.Running;

    /// <summary>Makes a new instance id for <paramref name="appId"/>; ids made later sort later (<see cref="TimeOrderedUuid"/>).</summary>
    public static string NewInstanceId(string appId) =>
        new Instance { Uuid = TimeOrderedUuid.Next(), AppId = appId, AppVersion = default }.InstanceId;

    private const string InstanceMarker = ".instance-";

    /// <summary>The characters of a UUID in an id (format "D").</summary>
    private const int UuidChars = 36;

    /// <summary>
    /// The UUID of an instance id: its last 36 characters, after <c>.instance-</c> and a path of at
    /// least one character. False when the text is not an instance id.
    /// </summary>
    public static bool TryParseId(ReadOnlySpan<char> instanceId, out Guid uuid)
    {
        uuid = default;
        return instanceId.Length > InstanceMarker.Length + UuidChars
            && instanceId[^(InstanceMarker.Length + UuidChars)..^UuidChars].SequenceEqual(InstanceMarker)
            && Guid.TryParseExact(instanceId[^UuidChars..], "D", out uuid);
    }

    /// <summary>The UUID of <paramref name="instanceId"/> (<see cref="TryParseId"/>); <see cref="FormatException"/> when it is not an instance id.</summary>
    public static Guid UuidOf(string instanceId) =>
        TryParseId(instanceId, out Guid uuid) ? uuid : throw new FormatException($"'{instanceId}' is not an instance id");

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
    /// <paramref name="taskId"/> (everything before its last <c>._app.</c>, or all of it), for
    /// lookups on the status path.
    /// </summary>
    public static bool TryInstanceIdOf(string taskId, out ReadOnlySpan<char> instanceId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        int app = taskId.LastIndexOf(TaskMarker, StringComparison.Ordinal);
        ReadOnlySpan<char> id = app < 0 ? taskId : taskId.AsSpan(0, app);
        instanceId = TryParseId(id, out _) ? id : default;
        return !instanceId.IsEmpty;
    }

    /// <summary>
    /// The app path encoded in an instance id (<c>prod_web.instance-…</c> → <c>/prod/web</c>): what
    /// precedes its marker and UUID (a path segment may hold <c>.instance-</c> itself);
    /// <see cref="FormatException"/> when it is not an instance id.
    /// </summary>
    public static string AppIdOf(string instanceId)
    {
        if (!TryParseId(instanceId, out _))
            throw new FormatException($"'{instanceId}' is not an instance id");
        return "/" + instanceId[..^(InstanceMarker.Length + UuidChars)].Replace('_', '/');
    }
}
