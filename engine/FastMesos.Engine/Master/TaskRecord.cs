using System.Runtime.InteropServices;
using FastMesos.Messages;
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Engine.Master;

/// <summary>
/// A task as the master tracks it: what it keeps of the task's definition, where it runs, and the
/// states it went through. Like Mesos' <c>Task</c> it keeps no command, container, health check
/// or data — the agent got them in the RunTask, and nothing the master does or serves reads them
/// later — so the record holds the few fields it reads instead of a <see cref="TaskInfo"/>: kept
/// whole, a Marathon task's command carried a dozen environment variables with per-task values,
/// and a copy without them was a second object per task (a million of them in scenario B).
/// </summary>
public sealed class TaskRecord
{
    /// <summary>A record of a launched task: the fields it keeps are read from <paramref name="info"/>, which is not kept.</summary>
    internal TaskRecord(TaskInfo info, string frameworkId, string agentId, string role)
        : this(info.TaskId, info.Name, info.Resources, info.Executor?.ExecutorId.Value, info.Executor?.Resources, info.KillPolicy, info.Labels,
            frameworkId, agentId, role)
    {
    }

    internal TaskRecord(TaskId id, string name, Resources resources, string? executorId, Resources? executorResources,
        KillPolicy? killPolicy, IReadOnlyList<Label> labels, string frameworkId, string agentId, string role)
    {
        Id = id;
        Name = name;
        Resources = resources;
        if (executorId is not null || executorResources is not null || killPolicy is not null || labels.Count > 0 || role != DefaultRole)
        {
            _extras = new TaskRecordExtras
            {
                ExecutorId = executorId, ExecutorResources = executorResources, KillPolicy = killPolicy, Labels = labels, Role = role,
            };
        }

        FrameworkId = frameworkId;
        AgentId = agentId;
    }

    public TaskId Id { get; }

    public string TaskId => Id.Value;

    public string Name { get; }

    public Resources Resources { get; }

    /// <summary>The fields most tasks leave empty; null while this one has none of them.</summary>
    private TaskRecordExtras? _extras;

    /// <summary>The executor the task runs under; null for a command task (the agent's command executor).</summary>
    public string? ExecutorId => _extras?.ExecutorId;

    /// <summary>The executor's own resources (charged once per executor on the agent); null for a command task.</summary>
    public Resources? ExecutorResources => _extras?.ExecutorResources;

    /// <summary>The kill policy a KILL without one uses.</summary>
    public KillPolicy? KillPolicy => _extras?.KillPolicy;

    public IReadOnlyList<Label> Labels => _extras?.Labels ?? [];

    public string FrameworkId { get; }

    public string AgentId { get; }

    /// <summary>The role its resources are charged to (the offer's allocation role).</summary>
    public string Role => _extras?.Role ?? DefaultRole;

    /// <summary>Mesos' default role, which most tasks are charged to: kept without a field.</summary>
    private const string DefaultRole = "*";

    // The scalar fields are packed: a million records are the master's largest object population,
    // and nullable fields (TaskState?, Guid?, bool?) each padded a value with its own flag. Flags
    // of _flags:
    private const byte HoldsResourcesFlag = 1, ListedFlag = 2, HasUuidFlag = 4, HealthKnownFlag = 8, HealthyFlag = 16;
    private const byte NoState = byte.MaxValue;
    private byte _flags = HoldsResourcesFlag;
    private byte _state = (byte)TaskState.Staging;
    private byte _lastStatusState = NoState;
    private Guid _lastStatusUuid;

    /// <summary>The newest state the master knows (an update's <c>latest_state</c> counts).</summary>
    public TaskState State
    {
        get => (TaskState)_state;
        internal set => _state = (byte)value;
    }

    /// <summary>The state of the last status forwarded to the framework; null until one was.</summary>
    public TaskState? LastStatusState => _lastStatusState == NoState ? null : (TaskState)_lastStatusState;

    /// <summary>The uuid of the last status forwarded (null for a master-generated one): the acknowledgement that names it ends a terminal task.</summary>
    public Guid? LastStatusUuid => (_flags & HasUuidFlag) != 0 ? _lastStatusUuid : null;

    /// <summary>The health verdict of the last status forwarded, which a reconciliation answer repeats.</summary>
    public bool? LastStatusHealthy => (_flags & HealthKnownFlag) != 0 ? (_flags & HealthyFlag) != 0 : null;

    /// <summary>
    /// Remembers what the master needs of the status it just forwarded. Not the status itself: kept
    /// inline, a <see cref="TaskStatus"/>? took 152 of this record's 232 bytes, for each of a million
    /// tasks; these take 18.
    /// </summary>
    internal void SetLastStatus(in TaskStatus status)
    {
        _lastStatusState = (byte)status.State;
        _lastStatusUuid = status.Uuid ?? default;
        _flags = (byte)(_flags & ~(HasUuidFlag | HealthKnownFlag | HealthyFlag)
            | (status.Uuid.HasValue ? HasUuidFlag : 0)
            | (status.Healthy is { } healthy ? HealthKnownFlag | (healthy ? HealthyFlag : 0) : 0));
    }

    /// <summary>
    /// Every state change as (state, timestamp seconds), for <c>statuses[]</c> in /master/state.
    /// Most tasks change state once (a launch's RUNNING) and few more than three times, so the first
    /// change is a field and an array holds them all only from the second on (the first copied in):
    /// a million tasks kept a 56-byte array each for their one RUNNING, now 16 bytes of this record.
    /// Invariant: the extras' <see cref="TaskRecordExtras.Statuses"/> is null while
    /// <see cref="_statusCount"/> ≤ 1 (the change, if any, is <see cref="_firstStatus"/>); otherwise
    /// its first <see cref="_statusCount"/> entries are the history.
    /// </summary>
    private (TaskState State, double Timestamp) _firstStatus;
    private int _statusCount;

    /// <summary>The history as a span, valid until the next state change (read it under the master's lock).</summary>
    public ReadOnlySpan<(TaskState State, double Timestamp)> StatusSpan =>
        _extras?.Statuses is { } statuses ? statuses.AsSpan(0, _statusCount)
        : _statusCount == 0 ? default
        : MemoryMarshal.CreateReadOnlySpan(ref _firstStatus, 1);

    internal void AddStatus(TaskState state, double timestamp)
    {
        if (_statusCount == 0)
        {
            _firstStatus = (state, timestamp);
            _statusCount = 1;
            return;
        }

        TaskRecordExtras extras = _extras ??= new TaskRecordExtras();
        if (extras.Statuses is null)
        {
            extras.Statuses = new (TaskState, double)[4];
            extras.Statuses[0] = _firstStatus;
        }
        else if (_statusCount == extras.Statuses.Length)
        {
            (TaskState, double)[] statuses = extras.Statuses;
            Array.Resize(ref statuses, _statusCount * 2);
            extras.Statuses = statuses;
        }

        extras.Statuses[_statusCount++] = (state, timestamp);
    }

    /// <summary>Whether the allocator still holds this task's resources.</summary>
    internal bool HoldsResources
    {
        get => (_flags & HoldsResourcesFlag) != 0;
        set => SetFlag(HoldsResourcesFlag, value);
    }

    /// <summary>
    /// True while the task is in its framework's <see cref="FrameworkRecord.Tasks"/> (of a framework
    /// the master has not removed): it is then counted in <see cref="MasterCore.TasksByState"/>.
    /// </summary>
    internal bool Listed
    {
        get => (_flags & ListedFlag) != 0;
        set => SetFlag(ListedFlag, value);
    }

    private void SetFlag(byte flag, bool on) => _flags = on ? (byte)(_flags | flag) : (byte)(_flags & ~flag);

    /// <summary>
    /// The agent whose <see cref="AgentRecord.Tasks"/> holds the task, or null: while it is set and
    /// the task <see cref="MasterCore.UsesResources">uses resources</see>, they are in that agent's used sums.
    /// </summary>
    internal AgentRecord? Host { get; set; }

    /// <summary>The task before this one on its host (<see cref="AgentRecord.Tasks"/>); null for the first or when none hosts it.</summary>
    internal TaskRecord? PrevOnHost { get; set; }

    /// <summary>The task after this one on its host; null for the last or when none hosts it.</summary>
    internal TaskRecord? NextOnHost { get; set; }

    /// <summary>The task before this one in its framework's <see cref="TaskTable"/>; null for the first or when in none.</summary>
    internal TaskRecord? PrevInFramework { get; set; }

    /// <summary>The task after this one in its framework's <see cref="TaskTable"/>; null for the last or when in none.</summary>
    internal TaskRecord? NextInFramework { get; set; }
}
