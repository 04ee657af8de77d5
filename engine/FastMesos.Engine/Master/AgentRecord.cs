using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>What the master knows of one agent. Mutated only by <see cref="MasterCore"/>.</summary>
public sealed class AgentRecord
{
    internal AgentRecord(string id, AgentInfo info, string version, string address)
    {
        Id = id;
        Info = info;
        Version = version;
        Address = address;
    }

    public string Id { get; }

    public AgentInfo Info { get; internal set; }

    public string Version { get; internal set; }

    /// <summary>The IP the agent connected from; with <see cref="AgentInfo.Port"/> it makes the Mesos pid <c>slave(1)@ip:port</c>.</summary>
    public string Address { get; internal set; }

    public string Pid => $"slave(1)@{Address}:{Info.Port}";

    public AgentState State { get; internal set; }

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
    /// records themselves (<see cref="TaskRecord.PrevOnHost"/>, <see cref="TaskRecord.NextOnHost"/>):
    /// every removal has the record at hand, and the links cost 16 bytes per task where a set's
    /// entry, buckets and growth allocated ~45 (scenario B, a million tasks).
    /// Invariant: <see cref="_firstTask"/>…<see cref="_lastTask"/> link exactly <see cref="TaskCount"/>
    /// records, each with this agent as its host.
    /// </summary>
    internal AgentTaskSet Tasks => new(this);

    private TaskRecord? _firstTask;
    private TaskRecord? _lastTask;

    internal TaskRecord? FirstTask => _firstTask;

    /// <summary>Hosts <paramref name="task"/>, which no agent hosts yet.</summary>
    internal void AddTask(TaskRecord task)
    {
        if (task.Host is not null)
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' is already on agent '{task.Host.Id}'");
        task.Host = this;
        task.PrevOnHost = _lastTask;
        task.NextOnHost = null;
        if (_lastTask is null)
            _firstTask = task;
        else
            _lastTask.NextOnHost = task;
        _lastTask = task;
        TaskCount++;
    }

    /// <summary>Stops hosting <paramref name="task"/>, which this agent hosts.</summary>
    internal void RemoveTask(TaskRecord task)
    {
        if (task.Host != this)
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' is not on agent '{Id}'");
        if (task.PrevOnHost is null)
            _firstTask = task.NextOnHost;
        else
            task.PrevOnHost.NextOnHost = task.NextOnHost;
        if (task.NextOnHost is null)
            _lastTask = task.PrevOnHost;
        else
            task.NextOnHost.PrevOnHost = task.PrevOnHost;
        task.PrevOnHost = task.NextOnHost = null;
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

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) a task's resources from the used sums.</summary>
    internal void ChargeUsed(Resources resources, int sign)
    {
        _usedMilliCpus += sign * Milli(resources.Cpus);
        _usedMilliMem += sign * Milli(resources.Mem);
        _usedMilliDisk += sign * Milli(resources.Disk);
    }

    private static long Milli(double value) => (long)Math.Round(value * 1000);

    /// <summary>The tasks on this agent (a read-only view: its struct enumerator walks them without allocating).</summary>
    public AgentTaskSet TaskList => new(this);
}
