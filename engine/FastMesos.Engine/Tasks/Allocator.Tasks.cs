using FastMesos.Messages;

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    // The task ledger: what each launched task (and executor) holds, so resources come back when it
    // ends. A task's slot is its handle: the accept that launched it (TaskOutcome.Slot) or
    // AddRunningTask returns it, and the caller names the task by it. The ledger keeps no index by
    // task id: the master keeps one (its frameworks' task tables) and refuses a duplicate id before
    // an accept reaches the allocator, so a second index here cost ~20 bytes per task and a lookup
    // for every launch and every end (perf-reports/2026-12-05-task-handles.md).
    // Invariant: a slot is live exactly while its _taskResources entry is set, and then its
    // _taskIds entry is the task's id; a freed slot is on _freeTaskSlots and may be handed out again.
    private Bundle? _taskFreeScratch;
    private Bundle? _taskTotalScratch;
    // A task's resources as a bundle, only for the call that converts them (nothing keeps it): a
    // recovering master charges 100,000 tasks in a burst and ends as many, and a fresh bundle per
    // task (the bundle and its three arrays) was a third of what it allocated in a failover.
    private Bundle? _taskNeedScratch;
    private Bundle? _taskBundleScratch;
    private readonly Stack<int> _freeTaskSlots = new();
    private int _taskCount;
    private int _liveTasks;
    private readonly SegmentedColumn<int> _taskSub = new();
    private readonly SegmentedColumn<int> _taskAgent = new();

    /// <summary>Each live slot's task id, which <see cref="HoldsTask"/> checks a handle against (a stale handle is refused, not applied to the slot's next task).</summary>
    private readonly SegmentedColumn<string?> _taskIds = new();
    /// <summary>
    /// What each task holds, as its launch named it. Kept as the task's own (immutable) resource
    /// list, which the master keeps with the task anyway, rather than as the bundle the launch was
    /// checked with: a bundle and its range sets and arrays were seven objects and about 310 bytes
    /// per running task, a fifth of the master's heap at a million tasks
    /// (perf-reports/2026-12-05-codec-and-store.md). The paths that need the bundle again (the
    /// task's end, an agent's new total, the audit) convert it anew into a scratch bundle with
    /// <see cref="TaskBundleScratch"/>, so neither the launch nor the end keeps or makes one. Roles
    /// are never removed, so the conversion that succeeded at launch succeeds then too.
    /// </summary>
    private readonly SegmentedColumn<Resources?> _taskResources = new();
    private readonly SegmentedColumn<int> _taskExec = new();

    // Each agent's tasks, a doubly linked list from _agentFirstTask through these columns (-1 ends
    // it): a task's end unlinks it in O(1), where a list per agent took O(tasks on the agent) and
    // its growth ~13 bytes per task.
    private readonly SegmentedColumn<int> _taskNextOnAgent = new();
    private readonly SegmentedColumn<int> _taskPrevOnAgent = new();

    private readonly Dictionary<ExecutorKey, int> _execByKey = [];
    private readonly Stack<int> _freeExecSlots = new();
    private int _execCount;
    private ExecutorKey[] _execKey = new ExecutorKey[16];
    private int[] _execSub = new int[16];
    private int[] _execRefs = new int[16];
    private Bundle?[] _execRes = new Bundle?[16];

    private bool IsLiveTask(int t) => _taskResources[t] is not null;

    /// <summary>Tasks the ledger holds (launched and not yet terminal).</summary>
    public int TaskCount => _liveTasks;

    /// <summary>Slots handed out so far, live or free: every task handle is below it.</summary>
    public int TaskSlotCount => _taskCount;

    /// <summary>
    /// Whether slot <paramref name="task"/> holds task <paramref name="taskId"/> of framework
    /// <paramref name="fw"/>: false for a slot out of range, a free slot, or one that now holds
    /// another task.
    /// </summary>
    public bool HoldsTask(int task, int fw, string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return (uint)task < (uint)_taskCount && IsLiveTask(task) && _subFw[_taskSub[task]] == fw
            && string.Equals(_taskIds[task], taskId, StringComparison.Ordinal);
    }

    /// <summary>
    /// Task <paramref name="taskId"/> of framework <paramref name="fw"/>, held in slot
    /// <paramref name="task"/>, reached <paramref name="state"/>. Terminal states (and LOST, as
    /// Mesos does for accounting) and UNREACHABLE release its resources to the agent before any
    /// acknowledgement, as Mesos' master does, and free the slot; a task that comes back with its
    /// agent is re-recorded with <see cref="AddRunningTask"/>. Returns false, changing nothing, when
    /// the slot does not hold that task (<see cref="HoldsTask"/>).
    /// </summary>
    public bool UpdateTaskState(int task, int fw, string taskId, TaskState state)
    {
        if (!HoldsTask(task, fw, taskId))
            return false;
        if (state.IsTerminal() || state == TaskState.Unreachable)
            ForgetTask(task, recover: true);
        return true;
    }

    /// <summary>
    /// Records a task an agent reports as already running (re-registration, failover) and returns
    /// its slot. Its resources come out of the agent's free pool; fails without change if they are
    /// not free there. The caller records a task once (the ledger does not look ids up).
    /// </summary>
    public int AddRunningTask(int fw, string role, int agent, TaskLaunch task)
    {
        CheckFramework(fw);
        CheckAgent(agent);
        int sub = FindSub(fw, role);
        if (sub < 0)
            ThrowHelper.ThrowEngine($"framework '{_fwId[fw]}' is not subscribed to role '{role}'");
        if (string.IsNullOrEmpty(task.TaskId))
            ThrowHelper.ThrowEngine("a running task needs an id");
        Bundle need = ToBundle(task.Resources, validateRoles: true, _taskNeedScratch ??= NewBundle());
        var execKey = new ExecutorKey(fw, agent, task.ExecutorId ?? "");
        bool newExec = task.ExecutorId is not null && !_execByKey.ContainsKey(execKey) && task.ExecutorResources is not null;
        Bundle? execNeed = newExec ? ToBundle(task.ExecutorResources!, validateRoles: true) : null;
        // Scratch bundles (the engine is single-threaded): a recovering master adds 100,000 running
        // tasks in a burst, and each one used to copy the agent's free port ranges into two fresh
        // bundles. Neither bundle outlives the call.
        Bundle free = _taskFreeScratch ??= NewBundle();
        CopyFree(agent, free);
        Bundle total = _taskTotalScratch ??= NewBundle();
        total.Clear();
        total.AddAll(need);
        if (execNeed is not null)
            total.AddAll(execNeed);
        if (!free.Contains(total))
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' uses {ToResources(total)}, which is not free on agent '{_agentId[agent]}'");
        TakeFromFree(agent, total);
        ChargeAllocation(sub, total, +1, -1, -1);
        int top = Roles.TopLevel[_subRole[sub]];
        if (Roles.HasQuota[top])
            RefreshSaturation(top);
        return RecordTask(fw, sub, agent, task, execNeed);
    }

    private void TakeFromFree(int a, Bundle b)
    {
        for (int p = 0; p < b.Count; p++)
        {
            int key = b.KeyAt(p);
            Span<long> s = b.ScalarsOf(p);
            if (key == ReservationKey.Unreserved)
            {
                for (int k = 0; k < _kUsed; k++)
                    _free[a * _k + k] -= s[k];
                for (int r = 0; r < _rUsed; r++)
                {
                    RangeSet? rs = b.RangesOf(p, r);
                    if (rs is not null && rs.Count != 0)
                        _freeRanges[a * _r + r]!.Subtract(rs);
                }
            }
            else
            {
                Bundle reserved = _hot[a].ReservedFree!;
                int q = reserved.IndexOf(key);
                Span<long> rsv = reserved.ScalarsOf(q);
                for (int k = 0; k < _kUsed; k++)
                    rsv[k] -= s[k];
                for (int r = 0; r < _rUsed; r++)
                {
                    RangeSet? rs = b.RangesOf(p, r);
                    if (rs is not null && rs.Count != 0)
                        reserved.RangesOf(q, r)!.Subtract(rs);
                }
            }
        }
    }

    /// <summary>The bundle task slot <paramref name="t"/> holds, converted anew from its resources (a new bundle each call).</summary>
    /// <summary>Task <paramref name="t"/>'s resources in a scratch bundle, valid until the next call; every caller keeps nothing of it.</summary>
    private Bundle TaskBundleScratch(int t) => ToBundle(_taskResources[t]!, validateRoles: false, _taskBundleScratch ??= NewBundle());

    /// <summary>Takes a slot for the task and returns it.</summary>
    private int RecordTask(int fw, int sub, int agent, TaskLaunch task, Bundle? execNeed)
    {
        int exec = -1;
        if (task.ExecutorId is not null)
        {
            var key = new ExecutorKey(fw, agent, task.ExecutorId);
            if (!_execByKey.TryGetValue(key, out exec))
            {
                exec = _freeExecSlots.Count > 0 ? _freeExecSlots.Pop() : _execCount++;
                if (exec >= _execKey.Length)
                {
                    int size = _execKey.Length * 2;
                    Array.Resize(ref _execKey, size);
                    Array.Resize(ref _execSub, size);
                    Array.Resize(ref _execRefs, size);
                    Array.Resize(ref _execRes, size);
                }
                _execByKey[key] = exec;
                _execKey[exec] = key;
                _execSub[exec] = sub;
                _execRefs[exec] = 0;
                _execRes[exec] = execNeed ?? NewBundle();
            }
            _execRefs[exec]++;
        }

        int t = _freeTaskSlots.Count > 0 ? _freeTaskSlots.Pop() : _taskCount++;
        if (t >= _taskIds.Capacity)
        {
            _taskSub.EnsureCapacity(t + 1);
            _taskAgent.EnsureCapacity(t + 1);
            _taskIds.EnsureCapacity(t + 1);
            _taskResources.EnsureCapacity(t + 1);
            _taskExec.EnsureCapacity(t + 1);
            _taskNextOnAgent.EnsureCapacity(t + 1);
            _taskPrevOnAgent.EnsureCapacity(t + 1);
        }

        _taskSub[t] = sub;
        _taskAgent[t] = agent;
        _taskIds[t] = task.TaskId;
        _taskResources[t] = task.Resources;
        _taskExec[t] = exec;
        int head = _agentFirstTask[agent];
        _taskPrevOnAgent[t] = -1;
        _taskNextOnAgent[t] = head;
        if (head >= 0)
            _taskPrevOnAgent[head] = t;
        _agentFirstTask[agent] = t;
        _liveTasks++;
        return t;
    }

    /// <summary>Drops a task from the ledger; with <paramref name="recover"/> its resources (and its executor's, when it was the last task) return to the agent.</summary>
    private void ForgetTask(int t, bool recover)
    {
        int sub = _taskSub[t];
        int a = _taskAgent[t];
        int prev = _taskPrevOnAgent[t], next = _taskNextOnAgent[t];
        if (prev >= 0)
            _taskNextOnAgent[prev] = next;
        else
            _agentFirstTask[a] = next;
        if (next >= 0)
            _taskPrevOnAgent[next] = prev;
        _liveTasks--;
        // Released with no filter (refuseSeconds 0) or uncharged: neither keeps the bundle.
        Bundle res = TaskBundleScratch(t);
        if (recover)
            ReleaseToAgent(sub, a, res, refuseSeconds: 0);
        else
            Uncharge(sub, res);
        _taskResources[t] = null;
        _taskIds[t] = null;
        _freeTaskSlots.Push(t);

        int exec = _taskExec[t];
        if (exec >= 0 && --_execRefs[exec] == 0)
        {
            Bundle execRes = _execRes[exec]!;
            if (recover)
                ReleaseToAgent(_execSub[exec], a, execRes, refuseSeconds: 0);
            else
                Uncharge(_execSub[exec], execRes);
            _execByKey.Remove(_execKey[exec]);
            _execRes[exec] = null;
            _freeExecSlots.Push(exec);
        }
    }

    /// <summary>
    /// Takes resources off a subscription without returning them to an agent (the agent is gone).
    /// A quota role's consumption drops, so it may no longer be saturated and must rejoin the order.
    /// </summary>
    private void Uncharge(int sub, Bundle res)
    {
        ChargeAllocation(sub, res, -1, -1, -1);
        int top = Roles.TopLevel[_subRole[sub]];
        if (Roles.HasQuota[top])
            RefreshSaturation(top);
    }

    /// <summary>For the audit: every live slot on its own agent's list once, linked back to the one before it.</summary>
    private void AuditTaskLists(List<string> problems)
    {
        int live = 0;
        for (int t = 0; t < _taskCount; t++)
        {
            if (IsLiveTask(t))
                live++;
        }

        if (live != _liveTasks)
            problems.Add($"the ledger counts {_liveTasks} tasks but {live} slots are live");
        int listed = 0;
        for (int a = 0; a < _agentCount; a++)
        {
            if (!_agentLive[a])
                continue;
            for (int t = _agentFirstTask[a], prev = -1; t >= 0 && listed <= live; prev = t, t = _taskNextOnAgent[t])
            {
                listed++;
                if (!IsLiveTask(t) || _taskAgent[t] != a || _taskPrevOnAgent[t] != prev)
                    problems.Add($"agent {_agentId[a]}'s task list holds slot {t}, which is not a live task of it linked back to {prev}");
            }
        }

        if (listed != live)
            problems.Add($"the agents' task lists hold {listed} tasks but the ledger {live}");
    }
}
