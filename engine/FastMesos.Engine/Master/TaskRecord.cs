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
    private const byte ListedFlag = 1, HasUuidFlag = 2, HealthKnownFlag = 4, HealthyFlag = 8;
    private const byte NoState = byte.MaxValue;
    private byte _flags;
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
    /// change is two fields (its state a byte beside the other packed ones: as a tuple it took 16
    /// bytes with its padding) and an array in the extras holds them all, with their count, only
    /// from the second on (the first copied in): a million tasks kept a 56-byte array each for their
    /// one RUNNING. Invariant: while the extras hold no history, <see cref="_firstStatusState"/> is
    /// <see cref="NoState"/> (no change yet) or the one change's state, at
    /// <see cref="_firstStatusTime"/>; once they do, their first <see cref="TaskRecordExtras.StatusCount"/>
    /// entries are the history and the two fields are no longer read.
    /// </summary>
    private byte _firstStatusState = NoState;
    private double _firstStatusTime;

    /// <summary>How many state changes the history holds (<see cref="StatusAt"/>).</summary>
    public int StatusCount => _extras?.Statuses is not null ? _extras.StatusCount : _firstStatusState == NoState ? 0 : 1;

    /// <summary>State change <paramref name="index"/> (0 is the first), below <see cref="StatusCount"/>.</summary>
    public (TaskState State, double Timestamp) StatusAt(int index)
    {
        int count = StatusCount;
        if ((uint)index >= (uint)count)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index), $"status {index} of a history of {count}");
        return _extras?.Statuses is { } statuses ? statuses[index] : ((TaskState)_firstStatusState, _firstStatusTime);
    }

    /// <summary>The newest state change; only when <see cref="StatusCount"/> &gt; 0.</summary>
    public (TaskState State, double Timestamp) LastStatusChange => StatusAt(StatusCount - 1);

    internal void AddStatus(TaskState state, double timestamp)
    {
        if (_firstStatusState == NoState && _extras?.Statuses is null)
        {
            _firstStatusState = (byte)state;
            _firstStatusTime = timestamp;
            return;
        }

        TaskRecordExtras extras = _extras ??= new TaskRecordExtras();
        if (extras.Statuses is null)
        {
            extras.Statuses = new (TaskState, double)[4];
            extras.Statuses[0] = ((TaskState)_firstStatusState, _firstStatusTime);
            extras.StatusCount = 1;
        }
        else if (extras.StatusCount == extras.Statuses.Length)
        {
            (TaskState, double)[] statuses = extras.Statuses;
            Array.Resize(ref statuses, extras.StatusCount * 2);
            extras.Statuses = statuses;
        }

        extras.Statuses[extras.StatusCount++] = (state, timestamp);
    }

    /// <summary>
    /// The task's slot in the allocator's task ledger (its handle there) while the allocator holds
    /// its resources, else -1: set from the launch's outcome or when a reported task is recorded
    /// again, and cleared whenever the allocator lets the slot go (the task's end, its agent's or
    /// framework's removal), since the allocator hands a freed slot to the next task.
    /// </summary>
    internal int LedgerSlot { get; set; } = -1;

    /// <summary>Whether the allocator still holds this task's resources.</summary>
    internal bool HoldsResources => LedgerSlot >= 0;

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

    /// <summary>This record's handle in its master's <see cref="TaskHandles"/> while an agent hosts it, else −1.</summary>
    internal int HostHandle { get; set; } = -1;

    /// <summary>The handle of the task before this one on its host (<see cref="AgentRecord.Tasks"/>); −1 for the first or when none hosts it.</summary>
    internal int PrevOnHost { get; set; } = -1;

    /// <summary>The handle of the task after this one on its host; −1 for the last or when none hosts it.</summary>
    internal int NextOnHost { get; set; } = -1;

    /// <summary>The task before this one in its framework's <see cref="TaskTable"/>; null for the first or when in none.</summary>
    internal TaskRecord? PrevInFramework { get; set; }

    /// <summary>The task after this one in its framework's <see cref="TaskTable"/>; null for the last or when in none.</summary>
    internal TaskRecord? NextInFramework { get; set; }
}
