using FastMesos.Messages;

namespace FastMesos.Engine.Master;

public sealed partial class MasterCore
{
    /// <summary>
    /// A new agent asks to join: it gets an id (<c>&lt;masterId&gt;-S&lt;n&gt;</c>), enters allocation and is
    /// pinged from now on. A second RegisterAgent on the same connection is answered again (the
    /// agent retries when a reply is slow). Invalid resources refuse the agent with a ShutdownAgent
    /// naming the problem.
    /// </summary>
    public void OnRegisterAgent(int peer, RegisterAgent message, string address)
    {
        ArgumentNullException.ThrowIfNull(message);
        Counters.MessagesRegisterSlave++;
        if (_agentsByPeer.TryGetValue(peer, out AgentRecord? existing))
        {
            // A retry while the admission is being stored is answered by the store.
            if (existing.AwaitingRegistryVersion == 0)
                _outbox.Send(peer, Registered(existing));
            return;
        }

        string id = $"{_options.MasterId}-S{_nextAgentNumber++}";
        if (!TryAdmit(peer, id, message.Agent, out int slot))
            return;
        var agent = new AgentRecord(id, message.Agent with { Id = new AgentId(id) }, message.Version, address, _taskHandles, Census)
        {
            Slot = slot,
            Peer = peer,
            State = AgentState.Connected,
            RegisteredTime = Now(),
        };
        _agents[id] = agent;
        _agentsByPeer[peer] = agent;
        _agentsBySlot[slot] = agent;
        Counters.SlaveRegistrations++;
        RegistryChanged();
        AcknowledgeWhenStored(agent, reregistered: false);
    }

    /// <summary>
    /// An agent that has an id comes back (its connection broke, it restarted, or this master is new).
    /// It re-enters allocation, the tasks it reports are recorded (those the master had written off
    /// as unreachable or lost come back with REASON_AGENT_REREGISTERED, Mesos ≥ 1.5), and kills asked
    /// for while it was away are sent. An id the registry does not list (an embedded master restarted,
    /// or an agent the registry lost) is admitted as is, and an unreachable agent is taken back; with a
    /// durable registry either answer waits until the registry recording it is stored. An agent the
    /// registry already lists (recovered or reconnecting) is answered at once.
    /// </summary>
    public void OnReregisterAgent(int peer, ReregisterAgent message, string address)
    {
        ArgumentNullException.ThrowIfNull(message);
        Counters.MessagesReregisterSlave++;
        if (message.Agent.Id is not { } agentId || string.IsNullOrEmpty(agentId.Value))
        {
            Refuse(peer, "re-registration without an agent id");
            return;
        }

        if (_agentsByPeer.TryGetValue(peer, out AgentRecord? same) && same.Id == agentId.Value)
        {
            if (same.AwaitingRegistryVersion == 0)
                _outbox.Send(peer, Reregistered(same));
            return;
        }

        bool wasUnreachable = false;
        bool admitted = true;   // the registry lists it as admitted already: nothing to store before answering
        // New to this master (it failed over, or lost the agent from its registry): the agent's
        // completed tasks are history this master lacks. An agent coming back to the master it left
        // reports what that master kept already (Mesos adds them in _reregisterSlave only).
        bool newHere = true;
        if (!_agents.TryGetValue(agentId.Value, out AgentRecord? agent))
        {
            if (!TryAdmit(peer, agentId.Value, message.Agent, out int slot))
                return;
            agent = new AgentRecord(agentId.Value, message.Agent, message.Version, address, _taskHandles, Census) { Slot = slot, RegisteredTime = Now() };
            _agents[agent.Id] = agent;
            _agentsBySlot[slot] = agent;
            admitted = false;
        }
        else
        {
            if (agent.Peer >= 0 && agent.Peer != peer)
            {
                // The old connection is stale (the agent restarted or reconnected first): this one wins.
                _agentsByPeer.Remove(agent.Peer);
                _outbox.Close(agent.Peer, $"agent {agent.Id} re-registered on another connection");
            }

            newHere = agent.State == AgentState.Recovered;
            wasUnreachable = agent.State == AgentState.Unreachable;
            admitted = !wasUnreachable;
            if (agent.State == AgentState.Recovered)
                RecoveredAgentReturned();
            if (agent.Slot < 0)
            {
                if (!TryAdmit(peer, agent.Id, message.Agent, out int slot))
                    return;
                agent.Slot = slot;
                _agentsBySlot[slot] = agent;
            }
            else
            {
                _allocator.ActivateAgent(agent.Slot);
            }

            agent.Info = message.Agent;
            agent.Version = message.Version;
            agent.Address = address;
        }

        // Out of the ping wheel until acknowledged (now, or once the registry is stored), when it
        // rejoins with no misses counted.
        LeavePingWheel(agent);
        agent.Peer = peer;
        agent.State = AgentState.Connected;
        agent.UnreachableTime = null;
        agent.ReregisteredTime = Now();
        _agentsByPeer[peer] = agent;
        Counters.SlaveReregistrations++;
        RecoverFrameworks(message.Frameworks, minimumWaitSeconds: 600);
        RecoverTasks(agent, message.Tasks, wasUnreachable);
        if (newHere)
            RecoverCompletedTasks(agent, message.CompletedFrameworks);
        if (admitted)
        {
            agent.AnswerReregistered = true;
            Acknowledge(agent);
        }
        else
        {
            RegistryChanged();
            AcknowledgeWhenStored(agent, reregistered: true);
        }

        foreach ((string framework, string task) in agent.PendingKills)
            _outbox.Send(peer, new KillTask(new FrameworkId(framework), new TaskId(task)));
        agent.PendingKills.Clear();
        DrainRescinds();
    }

    /// <summary>
    /// The agent's connection broke (Mesos <c>Master::exited</c>): it leaves allocation (offers
    /// rescinded); tasks of frameworks that do not checkpoint are lost at once, the others wait for
    /// the agent to come back before its ping budget runs out.
    /// </summary>
    public void OnAgentDisconnected(int peer)
    {
        if (!_agentsByPeer.Remove(peer, out AgentRecord? agent))
            return;
        agent.Peer = -1;
        agent.State = AgentState.Disconnected;
        PingEntryDisconnected(agent);
        _allocator.DeactivateAgent(agent.Slot);
        List<TaskRecord>? lost = null;
        foreach (TaskRecord task in agent.Tasks)
        {
            if (!task.State.IsTerminal() && _frameworks.TryGetValue(task.FrameworkId, out FrameworkRecord? fw) && !fw.Info.Checkpoint)
                (lost ??= []).Add(task);
        }

        if (lost is not null)
        {
            foreach (TaskRecord task in lost)
                TransitionByMaster(task, TaskState.Lost, TaskStatusReason.AgentDisconnected, $"Agent {agent.Id} disconnected");
        }

        DrainRescinds();
    }

    /// <summary>
    /// Mesos <c>_markUnreachable</c>: the agent leaves allocation (offers rescinded, resources gone),
    /// each of its tasks turns UNREACHABLE (partition-aware frameworks) or LOST with
    /// REASON_AGENT_REMOVED from the master, without a uuid, and every subscribed framework gets a
    /// FAILURE naming the agent. The agent may still re-register and bring its tasks back.
    /// </summary>
    private void MarkUnreachable(AgentRecord agent, string why)
    {
        if (agent.Peer >= 0)
        {
            _agentsByPeer.Remove(agent.Peer);
            _outbox.Close(agent.Peer, $"unreachable: {why}");
            agent.Peer = -1;
        }

        agent.State = AgentState.Unreachable;
        agent.UnreachableTime = Now();
        LeavePingWheel(agent);
        RegistryChanged();
        // With a durable registry the frameworks hear of it once the registry says so (Mesos'
        // _markUnreachable runs after the registrar's MarkSlaveUnreachable succeeded).
        _deferEventsUntil = _options.DurableRegistry ? _registryVersion : 0;
        foreach (TaskRecord task in agent.Tasks)
        {
            if (task.State.IsTerminal())
                continue;
            bool partitionAware = _frameworks.TryGetValue(task.FrameworkId, out FrameworkRecord? fw) && fw.PartitionAware;
            task.LedgerSlot = -1;   // RemoveAgent below drops the ledger entries without recovering them.
            TransitionByMaster(task, partitionAware ? TaskState.Unreachable : TaskState.Lost, TaskStatusReason.AgentRemoved,
                $"Agent {agent.Id} is unreachable: {why}");
        }

        if (agent.Slot >= 0)
        {
            _agentsBySlot.Remove(agent.Slot);
            _allocator.RemoveAgent(agent.Slot);
            agent.Slot = -1;
        }

        Counters.SlaveRemovals++;
        Counters.SlaveUnreachableCompleted++;
        DrainRescinds();
        var failure = new FailureEvent { AgentId = new AgentId(agent.Id) };
        if (_deferEventsUntil > 0)
            _deferredEvents.Add(new DeferredEvent(_deferEventsUntil, null, null, failure));
        else
            SendToAllFrameworks(failure);
        _deferEventsUntil = 0;
    }

    private void SendToAllFrameworks(FailureEvent failure)
    {
        foreach (FrameworkRecord fw in _frameworksByPeer.Values)
            _outbox.Send(fw.Peer, failure);
    }

    private bool TryAdmit(int peer, string id, AgentInfo info, out int slot)
    {
        slot = -1;
        if (string.IsNullOrWhiteSpace(info.Hostname))
        {
            Refuse(peer, "agent info has no hostname");
            return false;
        }

        try
        {
            slot = _allocator.AddAgent(id, info.Resources);
            return true;
        }
        catch (EngineException e)
        {
            Refuse(peer, $"agent {id} refused: {e.Message}");
            return false;
        }
    }

    private void Refuse(int peer, string message)
    {
        _outbox.Send(peer, new ShutdownAgent(message));
        _outbox.Close(peer, message);
    }

    private AgentRegistered Registered(AgentRecord agent) => new()
    {
        AgentId = new AgentId(agent.Id),
        HeartbeatIntervalSeconds = _options.AgentPingTimeout.TotalSeconds,
        TotalPingTimeoutSeconds = _options.AgentPingTimeout.TotalSeconds * _options.MaxAgentPingTimeouts,
    };

    private AgentReregistered Reregistered(AgentRecord agent) => new()
    {
        AgentId = new AgentId(agent.Id),
        HeartbeatIntervalSeconds = _options.AgentPingTimeout.TotalSeconds,
        TotalPingTimeoutSeconds = _options.AgentPingTimeout.TotalSeconds * _options.MaxAgentPingTimeouts,
    };
}
