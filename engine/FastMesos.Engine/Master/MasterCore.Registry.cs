using FastMesos.Messages;

namespace FastMesos.Engine.Master;

public sealed partial class MasterCore
{
    /// <summary>Mesos' AGENT_RECOVERY_FACTOR: allocation resumes once this share of recovered agents is back.</summary>
    private const double AgentRecoveryFactor = 0.8;

    /// <summary>Agents whose (re-)registration is answered once the registry version they wait for is stored.</summary>
    private readonly List<AgentRecord> _awaitingRegistry = [];

    /// <summary>Scheduler events waiting for the registry version they depend on, oldest first.</summary>
    private readonly List<DeferredEvent> _deferredEvents = [];

    /// <summary>While non-zero, the registry version that scheduler events being generated must wait for.</summary>
    private long _deferEventsUntil;
    private long _registryVersion;
    private long _storedRegistryVersion;
    private int _recoveredTotal;
    private int _recoveredRemaining;
    private long _recoveryDeadline;

    /// <summary>
    /// Counts the changes the registry records (an agent admitted, marked unreachable or back, a
    /// framework added, changed or removed). The host stores <see cref="SnapshotRegistry"/> whenever
    /// this passes what it stored last and reports the stored version to <see cref="OnRegistryStored"/>.
    /// </summary>
    public long RegistryVersion => _registryVersion;

    /// <summary>The newest registry version the host reported stored.</summary>
    public long StoredRegistryVersion => _storedRegistryVersion;

    /// <summary>
    /// True from <see cref="Recover"/> until every recovered agent re-registered or was marked
    /// unreachable after the agent re-register timeout (Mesos' "recovered" agents).
    /// </summary>
    public bool Recovering => _recoveredRemaining > 0;

    /// <summary>Agents listed in the recovered registry that have not re-registered yet.</summary>
    public int RecoveredAgentsPending => _recoveredRemaining;

    /// <summary>
    /// While a new leader waits for its recovered agents, allocation holds until
    /// <see cref="AgentRecoveryFactor"/> of them are back (or the timeout ends recovery), so the
    /// first offers do not hand the few early agents' resources to whichever framework asks first.
    /// </summary>
    private bool AllocationPaused =>
        _recoveredRemaining > 0 && _recoveredTotal - _recoveredRemaining < Math.Ceiling(_recoveredTotal * AgentRecoveryFactor);

    private void RegistryChanged() => _registryVersion++;

    /// <summary>
    /// The registry as it stands: every agent this master admitted (connected, disconnected, waiting
    /// for its admission to be stored, or recovered and not back yet) or holds unreachable, and every
    /// framework it has not removed.
    /// </summary>
    public MasterRegistry SnapshotRegistry()
    {
        var agents = new List<RegistryAgent>(_agents.Count);
        foreach (AgentRecord agent in _agents.Values)
        {
            double? unreachable = agent.State == AgentState.Unreachable ? agent.UnreachableTime ?? Now() : null;
            agents.Add(new RegistryAgent(agent.Info with { Id = new AgentId(agent.Id) }, agent.Version, agent.Address, unreachable));
        }

        var frameworks = new List<FrameworkInfo>(_frameworks.Count);
        foreach (FrameworkRecord fw in _frameworks.Values)
            frameworks.Add(fw.Info.Id is null ? fw.Info with { Id = new FrameworkId(fw.Id) } : fw.Info);
        return new MasterRegistry(agents, frameworks);
    }

    /// <summary>
    /// The host stored the registry as of <paramref name="version"/>: every agent whose admission
    /// that version includes gets its (Re)Registered reply now, enters allocation and is pinged.
    /// An agent whose connection broke meanwhile stays admitted and disconnected (it may come back).
    /// </summary>
    public void OnRegistryStored(long version)
    {
        if (version <= _storedRegistryVersion)
            return;
        _storedRegistryVersion = version;
        int kept = 0;
        for (int i = 0; i < _awaitingRegistry.Count; i++)
        {
            AgentRecord agent = _awaitingRegistry[i];
            if (agent.AwaitingRegistryVersion > version)
            {
                _awaitingRegistry[kept++] = agent;
                continue;
            }

            agent.AwaitingRegistryVersion = 0;
            if (agent.Peer >= 0)
                Acknowledge(agent);
        }

        _awaitingRegistry.RemoveRange(kept, _awaitingRegistry.Count - kept);
        ReleaseDeferredEvents(version);
    }

    /// <summary>
    /// Sends the held events whose registry version is now stored, in the order they were made. An
    /// update whose framework is gone or disconnected is dropped, as any master-generated update to
    /// a disconnected scheduler is: it learns the state by reconciliation.
    /// </summary>
    private void ReleaseDeferredEvents(long version)
    {
        int released = 0;
        while (released < _deferredEvents.Count && _deferredEvents[released].Version <= version)
        {
            DeferredEvent e = _deferredEvents[released++];
            if (e.Failure is { } failure)
                SendToAllFrameworks(failure);
            else if (e.Update is { } update && e.FrameworkId is { } id && _frameworks.TryGetValue(id, out FrameworkRecord? fw) && fw.Connected)
                _outbox.Send(fw.Peer, update);
        }

        _deferredEvents.RemoveRange(0, released);
    }

    /// <summary>
    /// Answers a (re-)registration now, or, with a durable registry, once the registry that records
    /// it is stored; until then the agent is neither offered nor pinged.
    /// </summary>
    private void AcknowledgeWhenStored(AgentRecord agent, bool reregistered)
    {
        agent.AnswerReregistered = reregistered;
        if (!_options.DurableRegistry)
        {
            Acknowledge(agent);
            return;
        }

        _allocator.DeactivateAgent(agent.Slot);
        agent.AwaitingRegistryVersion = _registryVersion;
        _awaitingRegistry.Add(agent);
    }

    private void Acknowledge(AgentRecord agent)
    {
        if (_options.DurableRegistry)
            _allocator.ActivateAgent(agent.Slot);
        if (agent.AnswerReregistered)
            _outbox.Send(agent.Peer, Reregistered(agent));
        else
            _outbox.Send(agent.Peer, Registered(agent));
        JoinPingWheel(agent);
        SendPing(agent);
    }

    /// <summary>
    /// A newly elected master takes over the registry its predecessor stored, before any agent or
    /// framework reaches it: admitted agents become <see cref="AgentState.Recovered"/> (neither
    /// offered nor pinged) until they re-register, unreachable ones stay unreachable, and frameworks
    /// wait to re-subscribe with their ids for max(failover_timeout, agent re-register timeout).
    /// Agents not back within <see cref="MasterOptions.AgentReregisterTimeout"/> are then marked
    /// unreachable; allocation holds until most recovered agents are back.
    /// </summary>
    public void Recover(MasterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (_agents.Count > 0 || _frameworks.Count > 0)
            ThrowHelper.ThrowEngine("the registry can only be recovered before any agent or framework arrives");
        double now = Now();
        foreach (RegistryAgent entry in registry.Agents)
        {
            if (entry.Info.Id is not { } id || string.IsNullOrEmpty(id.Value) || _agents.ContainsKey(id.Value))
                continue;
            var agent = new AgentRecord(id.Value, entry.Info, entry.Version, entry.Address, _taskHandles, Census) { RegisteredTime = now };
            if (entry.UnreachableTime is double unreachable)
            {
                agent.State = AgentState.Unreachable;
                agent.UnreachableTime = unreachable;
            }
            else
            {
                agent.State = AgentState.Recovered;
                _recoveredTotal++;
            }

            _agents[agent.Id] = agent;
        }

        RecoverFrameworks(registry.Frameworks, _options.AgentReregisterTimeout.TotalSeconds);
        _recoveredRemaining = _recoveredTotal;
        EnsureAgentCapacity(_recoveredTotal);
        _recoveryDeadline = _time.GetTimestamp() + (long)(_options.AgentReregisterTimeout.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>
    /// Room for <paramref name="agents"/> connected agents in the per-agent indexes, the ping wheel
    /// and the allocator's columns. A recovered master knows how many agents are about to
    /// re-register; sized now, their storm grows nothing (each doubling copied under the master's lock).
    /// </summary>
    private void EnsureAgentCapacity(int agents)
    {
        _agentsByPeer.EnsureCapacity(agents);
        _agentsBySlot.EnsureCapacity(agents);
        EnsurePingCapacity(agents);
        _allocator.EnsureAgentCapacity(agents);
    }

    /// <summary>The connected agents the per-agent indexes and the ping table hold before they grow (the least of them).</summary>
    internal int AgentIndexCapacity => Math.Min(Math.Min(_agentsByPeer.Capacity, _agentsBySlot.Capacity), _pings.Length);

    /// <summary>A recovered agent re-registered: one fewer to wait for.</summary>
    private void RecoveredAgentReturned()
    {
        if (_recoveredRemaining > 0)
            _recoveredRemaining--;
        if (_recoveredRemaining == 0 || !AllocationPaused)
            _allocator.RequestAllocation();
    }

    /// <summary>The re-register timeout ended recovery: agents still missing are marked unreachable.</summary>
    private void ExpireRecovery(long now)
    {
        if (_recoveredRemaining == 0 || now < _recoveryDeadline)
            return;
        List<AgentRecord>? missing = null;
        foreach (AgentRecord agent in _agents.Values)
        {
            if (agent.State == AgentState.Recovered)
                (missing ??= []).Add(agent);
        }

        _recoveredRemaining = 0;
        if (missing is null)
            return;
        foreach (AgentRecord agent in missing)
        {
            Counters.RecoverySlaveRemovals++;
            MarkUnreachable(agent, "it did not re-register within the agent re-register timeout after a master failover");
        }

        _allocator.RequestAllocation();
    }
}
