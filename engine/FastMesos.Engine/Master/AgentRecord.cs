using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>What the master knows of one agent. Mutated only by <see cref="MasterCore"/>.</summary>
public sealed class AgentRecord
{
    internal AgentRecord(string id, AgentInfo info, string version, string address, TaskHandles handles, AgentCensus census)
    {
        _handles = handles;
        _census = census;
        Id = id;
        _info = info;
        SetTotals(info);
        Version = version;
        Address = address;
        census.Tally(this, 1);
    }

    public string Id { get; }

    // The master's census of its agents: every change to what it sums (state, totals, used) takes
    // this agent's share out first and puts it back after (see AgentCensus).
    private readonly AgentCensus _census;
    private AgentInfo _info;
    private AgentState _state;

    public AgentInfo Info
    {
        get => _info;
        internal set
        {
            _census.Tally(this, -1);
            _info = value;
            SetTotals(value);
            _census.Tally(this, 1);
        }
    }

    /// <summary>The cpus, memory and disk of <see cref="Info"/> in thousandths (kept with it for the census).</summary>
    internal long TotalMilliCpus { get; private set; }

    internal long TotalMilliMem { get; private set; }

    internal long TotalMilliDisk { get; private set; }

    private void SetTotals(AgentInfo info)
    {
        TotalMilliCpus = info.Resources.Scalar("cpus").Milli;
        TotalMilliMem = info.Resources.Scalar("mem").Milli;
        TotalMilliDisk = info.Resources.Scalar("disk").Milli;
    }

    public string Version { get; internal set; }

    /// <summary>The IP the agent connected from; with <see cref="AgentInfo.Port"/> it makes the Mesos pid <c>slave(1)@ip:port</c>.</summary>
    public string Address { get; internal set; }

    public string Pid => $"slave(1)@{Address}:{Info.Port}";

    /// <summary>Where the agent stands; <see cref="AgentState.Connected"/> until set otherwise.</summary>
    public AgentState State
    {
        get => _state;
        internal set
        {
            if (value == _state)
                return;
            _census.Tally(this, -1);
            _state = value;
            _census.Tally(this, 1);
        }
    }

    /// <summary>The allocator slot while the agent is in allocation (connected or disconnected); -1 once unreachable.</summary>
    internal int Slot { get; set; } = -1;

    /// <summary>The connection's peer number while connected, else -1.</summary>
    internal int Peer { get; set; } = -1;

    /// <summary>
    /// The agent's entry in the master's ping table while it is in the ping wheel (acknowledged, not
    /// unreachable), else -1. Its missed turns, the ping outstanding and the ping count live there.
    /// </summary>
    internal int PingHandle { get; set; } = -1;

    /// <summary>
    /// The registry version whose storing answers this agent's (re-)registration, or 0 when it was
    /// answered. While non-zero the agent is not offered and not pinged.
    /// </summary>
    internal long AwaitingRegistryVersion { get; set; }

    /// <summary>Whether the pending answer is AgentReregistered (else AgentRegistered).</summary>
    internal bool AnswerReregistered { get; set; }

    public double RegisteredTime { get; internal set; }

    public double? ReregisteredTime { get; internal set; }

    public double? UnreachableTime { get; internal set; }

    /// <summary>
    /// Tasks the master believes are on this agent (not yet removed): exactly the records whose
    /// <see cref="TaskRecord.Host"/> it is, in the order they came. A list threaded through the
    /// records by their handles (<see cref="TaskRecord.PrevOnHost"/>, <see cref="TaskRecord.NextOnHost"/>
    /// in the master's <see cref="TaskHandles"/>): every removal has the record at hand, the links cost
    /// 8 bytes per task (and a handle's slot 12) where a set's entry, buckets and growth allocated ~45
    /// (scenario B, a million tasks), and adding a task writes no reference into an old record.
    /// Invariant: <see cref="_firstTask"/>…<see cref="_lastTask"/> link exactly <see cref="TaskCount"/>
    /// records, each with this agent as its host and a handle of its own.
    /// </summary>
    internal AgentTaskSet Tasks => new(this);

    private readonly TaskHandles _handles;
    private int _firstTask = -1;
    private int _lastTask = -1;

    /// <summary>The handles <see cref="Tasks"/> link through (the master's).</summary>
    internal TaskHandles Handles => _handles;

    /// <summary>The handle of the first task on this agent, or −1.</summary>
    internal int FirstTask => _firstTask;

    /// <summary>Hosts <paramref name="task"/>, which no agent hosts yet.</summary>
    internal void AddTask(TaskRecord task)
    {
        if (task.Host is not null)
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' is already on agent '{task.Host.Id}'");
        int handle = _handles.Take(task);
        task.Host = this;
        task.HostHandle = handle;
        task.PrevOnHost = _lastTask;
        task.NextOnHost = -1;
        if (_lastTask < 0)
            _firstTask = handle;
        else
            _handles[_lastTask].NextOnHost = handle;
        _lastTask = handle;
        TaskCount++;
    }

    /// <summary>Stops hosting <paramref name="task"/>, which this agent hosts.</summary>
    internal void RemoveTask(TaskRecord task)
    {
        if (task.Host != this)
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' is not on agent '{Id}'");
        if (task.PrevOnHost < 0)
            _firstTask = task.NextOnHost;
        else
            _handles[task.PrevOnHost].NextOnHost = task.NextOnHost;
        if (task.NextOnHost < 0)
            _lastTask = task.PrevOnHost;
        else
            _handles[task.NextOnHost].PrevOnHost = task.PrevOnHost;
        _handles.Release(task.HostHandle);
        task.PrevOnHost = task.NextOnHost = task.HostHandle = -1;
        task.Host = null;
        TaskCount--;
    }

    /// <summary>Kill requests for tasks on this agent made while it was disconnected, sent when it comes back.</summary>
    internal List<(string Framework, string Task)> PendingKills { get; } = [];

    public int TaskCount { get; private set; }

    // Thousandths (Mesos' fixed-point scalars): a sum kept by adding and taking away the same
    // values does not drift as doubles would.
    private long _usedMilliCpus;
    private long _usedMilliMem;
    private long _usedMilliDisk;

    /// <summary>
    /// CPUs of the tasks on this agent that use resources (not terminal, not unreachable), kept as
    /// tasks arrive, change state and leave (<see cref="MasterCore"/>'s task index), so
    /// <c>/metrics/snapshot</c> adds agents, not tasks.
    /// </summary>
    public double UsedCpus => _usedMilliCpus / 1000.0;

    /// <summary>Memory (MB) of the tasks on this agent that use resources; see <see cref="UsedCpus"/>.</summary>
    public double UsedMem => _usedMilliMem / 1000.0;

    /// <summary>Disk (MB) of the tasks on this agent that use resources; see <see cref="UsedCpus"/>.</summary>
    public double UsedDisk => _usedMilliDisk / 1000.0;

    internal long UsedMilliCpus => _usedMilliCpus;

    internal long UsedMilliMem => _usedMilliMem;

    internal long UsedMilliDisk => _usedMilliDisk;

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) a task's resources from the used sums.</summary>
    internal void ChargeUsed(Resources resources, int sign)
    {
        _census.Tally(this, -1);
        _usedMilliCpus += sign * resources.Scalar("cpus").Milli;
        _usedMilliMem += sign * resources.Scalar("mem").Milli;
        _usedMilliDisk += sign * resources.Scalar("disk").Milli;
        _census.Tally(this, 1);
    }

    /// <summary>The tasks on this agent (a read-only view: its struct enumerator walks them without allocating).</summary>
    public AgentTaskSet TaskList => new(this);
}
