using FastMesos.Messages;
using EngineCapabilities = FastMesos.Engine.FrameworkCapabilities;
using WireCapabilities = FastMesos.Messages.FrameworkCapabilities;

namespace FastMesos.Engine.Master;

public sealed partial class MasterCore
{
    /// <summary>
    /// SUBSCRIBE: a framework without an id gets one (<c>&lt;masterId&gt;-NNNN</c>); one with an id fails
    /// over (the previous connection gets ERROR "Framework failed over" and is closed, its offers
    /// are rescinded and regenerated); the id of a removed framework gets ERROR "Framework has been
    /// removed". An id this master does not know is accepted as is (this master restarted).
    /// </summary>
    public void OnSubscribe(int peer, SubscribeCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        FrameworkInfo info = call.Framework;
        string? error = ValidateFrameworkInfo(info);
        if (error is not null)
        {
            RefuseScheduler(peer, error);
            return;
        }

        if (_frameworksByPeer.TryGetValue(peer, out FrameworkRecord? current))
        {
            if (info.Id is { } again && again.Value == current.Id)
            {
                _outbox.Send(peer, Subscribed(current));
                return;
            }

            RefuseScheduler(peer, $"this connection is already subscribed as framework {current.Id}");
            return;
        }

        FrameworkRecord? fw;
        if (info.Id is { } id && !string.IsNullOrEmpty(id.Value))
        {
            Counters.MessagesReregisterFramework++;
            if (_removedFrameworkIds.Contains(id.Value))
            {
                RefuseScheduler(peer, "Framework has been removed");
                return;
            }

            if (_frameworks.TryGetValue(id.Value, out fw))
            {
                if (!SameRoles(fw.Info.Roles, info.Roles))
                {
                    RefuseScheduler(peer, $"Framework {id.Value} cannot change its roles on failover (was [{string.Join(",", fw.Info.Roles)}])");
                    return;
                }

                if (fw.Peer >= 0)
                {
                    _outbox.Send(fw.Peer, new ErrorEvent("Framework failed over"));
                    _frameworksByPeer.Remove(fw.Peer);
                    _outbox.Close(fw.Peer, $"framework {fw.Id} failed over to another connection");
                }

                // Offers never survive a (re)subscription: rescind them all, then offer again.
                _allocator.DeactivateFramework(fw.Slot);
                fw.Info = info;
                fw.ReregisteredTime = Now();
                RegistryChanged();
            }
            else
            {
                fw = AddFramework(id.Value, info, peer);
                if (fw is null)
                    return;
            }
        }
        else
        {
            Counters.MessagesRegisterFramework++;
            string newId = $"{_options.MasterId}-{_nextFrameworkNumber++:D4}";
            fw = AddFramework(newId, info with { Id = new FrameworkId(newId) }, peer);
            if (fw is null)
                return;
        }

        fw.Peer = peer;
        fw.Active = true;
        fw.FailoverDeadline = null;
        fw.UnregisteredTime = null;
        _frameworksByPeer[peer] = fw;
        _allocator.ActivateFramework(fw.Slot);
        SetSuppressedRoles(fw, call.SuppressedRoles);
        _allocator.RequestAllocation();
        DrainRescinds();
        _outbox.Send(peer, Subscribed(fw));
    }

    /// <summary>
    /// The scheduler's connection broke: the framework stops getting offers and, after its
    /// failover timeout (0 by default: at once), is removed with its tasks killed.
    /// </summary>
    public void OnSchedulerDisconnected(int peer)
    {
        if (!_frameworksByPeer.Remove(peer, out FrameworkRecord? fw))
            return;
        fw.Peer = -1;
        fw.Active = false;
        fw.UnregisteredTime = Now();
        _allocator.DeactivateFramework(fw.Slot);
        DrainRescinds();
        double timeout = fw.Info.FailoverTimeoutSeconds;
        if (timeout <= 0)
        {
            RemoveFramework(fw, "scheduler disconnected and its failover_timeout is 0");
            return;
        }

        fw.FailoverDeadline = _time.GetTimestamp() + (long)(Math.Min(timeout, 365 * 86400.0) * _time.TimestampFrequency);
    }

    /// <summary>TEARDOWN: the framework is removed now, its tasks killed, its connection closed.</summary>
    public void OnTeardown(int peer, in TeardownCall call)
    {
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        RemoveFramework(fw, "teardown requested by the framework");
    }

    public void OnRevive(int peer, ReviveCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        Counters.MessagesReviveOffers++;
        _allocator.Revive(fw.Slot, call.Roles.Count == 0 ? null : call.Roles);
    }

    public void OnSuppress(int peer, SuppressCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        Counters.MessagesSuppressOffers++;
        _allocator.Suppress(fw.Slot, call.Roles.Count == 0 ? null : call.Roles);
        DrainRescinds();
    }

    /// <summary>UPDATE_FRAMEWORK: name, failover timeout, labels and suppressed roles may change; roles may not (yet).</summary>
    public void OnUpdateFramework(int peer, UpdateFrameworkCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        FrameworkInfo info = call.Framework;
        if (info.Id is not { } id || !TryCaller(peer, id, out FrameworkRecord? fw))
        {
            if (info.Id is null)
                SendError(peer, "UPDATE_FRAMEWORK needs framework_info.id");
            return;
        }

        string? error = ValidateFrameworkInfo(info) ?? (SameRoles(fw.Info.Roles, info.Roles) ? null : "changing a framework's roles is not supported");
        if (error is not null)
        {
            SendError(peer, error);
            return;
        }

        fw.Info = info;
        SetSuppressedRoles(fw, call.SuppressedRoles);
        DrainRescinds();
    }

    /// <summary>
    /// Makes the framework's suppressed roles exactly <paramref name="suppressed"/>, as Mesos'
    /// allocator does on every SUBSCRIBE (a failover included) and UPDATE_FRAMEWORK
    /// (<c>updateFramework</c>): the roles named are suppressed, and a role suppressed before and
    /// not named now is revived (its offer filters cleared); other roles keep their filters. So a
    /// scheduler that fails over gets offers again for a role its previous connection suppressed,
    /// unless it names that role again (a new leader of a Marathon starts from a clean slate).
    /// </summary>
    private void SetSuppressedRoles(FrameworkRecord fw, IReadOnlyList<string> suppressed)
    {
        IReadOnlyList<string> roles = fw.Info.Roles.Count > 0 ? fw.Info.Roles : ["*"];
        foreach (string role in roles)
        {
            bool wanted = false;
            for (int i = 0; i < suppressed.Count && !wanted; i++)
                wanted = string.Equals(suppressed[i], role, StringComparison.Ordinal);
            if (wanted == _allocator.IsSuppressed(fw.Slot, role))
                continue;
            if (wanted)
                _allocator.Suppress(fw.Slot, [role]);
            else
                _allocator.Revive(fw.Slot, [role]);
        }
    }

    /// <summary>
    /// Frameworks an agent reports on re-registration that this master does not know (it restarted)
    /// are recorded as disconnected: no offers until their scheduler subscribes again, and removed if
    /// it does not within max(failover_timeout, <paramref name="minimumWaitSeconds"/>) (10 min for
    /// frameworks learnt from agents: Mesos keeps such tasks forever, bounding it avoids orphans;
    /// the agent re-register timeout for frameworks recovered from the registry).
    /// </summary>
    private void RecoverFrameworks(IReadOnlyList<FrameworkInfo> frameworks, double minimumWaitSeconds)
    {
        foreach (FrameworkInfo info in frameworks)
        {
            if (info.Id is not { } id || _frameworks.ContainsKey(id.Value) || _removedFrameworkIds.Contains(id.Value))
                continue;
            if (ValidateFrameworkInfo(info) is not null)
                continue;
            FrameworkRecord? fw = AddFramework(id.Value, info, peer: -1);
            if (fw is null)
                continue;
            _allocator.DeactivateFramework(fw.Slot);
            fw.UnregisteredTime = Now();
            double wait = Math.Max(info.FailoverTimeoutSeconds, minimumWaitSeconds);
            fw.FailoverDeadline = _time.GetTimestamp() + (long)(Math.Min(wait, 365 * 86400.0) * _time.TimestampFrequency);
        }
    }

    /// <summary>
    /// Removes a framework (Mesos <c>removeFramework</c>): agents running its tasks get
    /// ShutdownFramework, its tasks are recorded KILLED (REASON_FRAMEWORK_REMOVED) and their
    /// resources return, it moves to the completed list and its id can never subscribe again.
    /// </summary>
    private void RemoveFramework(FrameworkRecord fw, string why)
    {
        if (fw.Peer >= 0)
        {
            _frameworksByPeer.Remove(fw.Peer);
            _outbox.Close(fw.Peer, $"framework {fw.Id} removed: {why}");
            fw.Peer = -1;
        }

        var agentsNotified = new HashSet<string>(StringComparer.Ordinal);
        foreach (TaskRecord task in fw.Tasks.Values)
        {
            if (_agents.TryGetValue(task.AgentId, out AgentRecord? agent) && agent.Peer >= 0 && agentsNotified.Add(agent.Id))
                _outbox.Send(agent.Peer, new ShutdownFramework(new FrameworkId(fw.Id)));
            RemoveFromHost(task);

            if (!task.State.IsTerminal())
                RecordState(task, TaskState.Killed, Now());
            task.LedgerSlot = -1;   // the allocator's RemoveFramework drops the framework's ledger entries
            Uncount(task);
            fw.CompletedTaskList.Add(task);
        }

        fw.Tasks.Clear();
        _allocator.RemoveFramework(fw.Slot);
        _frameworksBySlot.Remove(fw.Slot);
        DrainRescinds();
        fw.Slot = -1;
        fw.Active = false;
        fw.Removed = true;
        fw.FailoverDeadline = null;
        fw.UnregisteredTime ??= Now();
        _frameworks.Remove(fw.Id);
        _removedFrameworkIds.Add(fw.Id);
        RegistryChanged();
        _completedFrameworks.Enqueue(fw);
        while (_completedFrameworks.Count > _options.MaxCompletedFrameworks)
            _completedFrameworks.Dequeue();
    }

    private FrameworkRecord? AddFramework(string id, FrameworkInfo info, int peer)
    {
        IReadOnlyList<string> roles = info.Roles.Count > 0 ? info.Roles : ["*"];
        int slot;
        try
        {
            slot = _allocator.AddFramework(id, roles, ToEngine(info.Capabilities));
        }
        catch (EngineException e)
        {
            if (peer >= 0)
                RefuseScheduler(peer, $"framework refused: {e.Message}");
            return null;
        }

        var fw = new FrameworkRecord(id, info.Roles.Count > 0 ? info : info with { Roles = roles }, _options.MaxCompletedTasksPerFramework)
        {
            Slot = slot,
            RegisteredTime = Now(),
        };
        _frameworks[id] = fw;
        _frameworksBySlot[slot] = fw;
        RegistryChanged();
        return fw;
    }

    /// <summary>
    /// The framework subscribed on <paramref name="peer"/>, checked against the id the call names.
    /// A call from a connection that has not subscribed, or naming another framework, gets an
    /// ERROR event and changes nothing (Mesos answers 403 over HTTP).
    /// </summary>
    private bool TryCaller(int peer, FrameworkId claimed, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FrameworkRecord? fw)
    {
        if (!_frameworksByPeer.TryGetValue(peer, out fw))
        {
            Counters.InvalidFrameworkCalls++;
            SendError(peer, "Framework is not subscribed");
            return false;
        }

        if (claimed.Value != fw.Id)
        {
            Counters.InvalidFrameworkCalls++;
            SendError(peer, $"Call names framework '{claimed.Value}' but this connection is subscribed as '{fw.Id}'");
            fw = null;
            return false;
        }

        return true;
    }

    private string? ValidateFrameworkInfo(FrameworkInfo info)
    {
        if (string.IsNullOrWhiteSpace(info.Name))
            return "framework_info.name must be set";
        if (info.User is null)
            return "framework_info.user must be set";
        if (info.FailoverTimeoutSeconds < 0 || double.IsNaN(info.FailoverTimeoutSeconds))
            return $"framework_info.failover_timeout must be >= 0 (got {info.FailoverTimeoutSeconds})";
        if (info.Roles.Count > 1 && (info.Capabilities & WireCapabilities.MultiRole) == 0)
            return "framework_info.roles with more than one role needs the MULTI_ROLE capability";
        foreach (string role in info.Roles)
        {
            if (RoleName.Validate(role) is { } why)
                return $"framework_info.roles: {why}";
            if (!RoleAllowed(role))
                return $"framework_info.roles: role '{role}' is not in the master's --roles list";
        }

        return null;
    }

    // With --roles (Mesos' deprecated explicit role list) only those roles and '*' may be used.
    private bool RoleAllowed(string role)
    {
        if (_options.Roles is not { } allowed || role == RoleName.Any)
            return true;
        foreach (string name in allowed)
        {
            if (string.Equals(name, role, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    private static bool SameRoles(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        IReadOnlyList<string> left = a.Count == 0 ? ["*"] : a;
        IReadOnlyList<string> right = b.Count == 0 ? ["*"] : b;
        if (left.Count != right.Count)
            return false;
        for (int i = 0; i < left.Count; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
                return false;
        }

        return true;
    }

    private static EngineCapabilities ToEngine(WireCapabilities caps)
    {
        EngineCapabilities result = EngineCapabilities.None;
        if ((caps & WireCapabilities.GpuResources) != 0)
            result |= EngineCapabilities.GpuResources;
        if ((caps & WireCapabilities.PartitionAware) != 0)
            result |= EngineCapabilities.PartitionAware;
        if ((caps & WireCapabilities.MultiRole) != 0)
            result |= EngineCapabilities.MultiRole;
        if ((caps & WireCapabilities.RevocableResources) != 0)
            result |= EngineCapabilities.RevocableResources;
        if ((caps & WireCapabilities.TaskKillingState) != 0)
            result |= EngineCapabilities.TaskKillingState;
        return result;
    }

    private SubscribedEvent Subscribed(FrameworkRecord fw) => new()
    {
        FrameworkId = new FrameworkId(fw.Id),
        HeartbeatIntervalSeconds = _options.HeartbeatInterval.TotalSeconds,
        Master = _masterInfo,
    };

    private void RefuseScheduler(int peer, string message)
    {
        _outbox.Send(peer, new ErrorEvent(message));
        _outbox.Close(peer, message);
    }

    private void SendError(int peer, string message) => _outbox.Send(peer, new ErrorEvent(message));
}
