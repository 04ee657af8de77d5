using FastMesos.Messages;

namespace FastMesos.Engine;

public sealed partial class Allocator
{
    private const string ReasonInvalidOffers = "REASON_INVALID_OFFERS";
    private const string ReasonTaskInvalid = "REASON_TASK_INVALID";

    // LaunchOne's scratch for a task's need; see there.
    private Bundle? _taskNeed;

    // Accept's scratch for the accepted offers' resources: nothing keeps it past the call (what is
    // left goes back to the agent and into a filter as copies). A new one per accept was ~230 bytes
    // of bundle and arrays (scenario B, 160 tasks per accept).
    private Bundle? _acceptAvail;

    /// <summary>
    /// ACCEPT: applies <paramref name="operations"/> in order to the merged resources of
    /// <paramref name="offerIds"/>. Offers must be outstanding, this framework's, on one agent and
    /// for one role, with no duplicates; otherwise nothing changes and every task is reported
    /// TASK_LOST (TASK_DROPPED for partition-aware frameworks) with REASON_INVALID_OFFERS.
    /// Each task is then validated on its own (id present, resources non-empty and within what is
    /// left) and refused with TASK_ERROR / REASON_TASK_INVALID when wrong; a LAUNCH_GROUP is all or
    /// nothing (its ids distinct). Whether an id is already in use by the framework is the caller's
    /// to check (the master looks in its task table): the ledger keeps tasks by slot, not by id, and
    /// a launched task's outcome carries its slot. Whatever remains returns to the agent, filtered
    /// like a DECLINE with <paramref name="refuseSeconds"/>.
    /// </summary>
    public AcceptResult Accept(int fw, ReadOnlySpan<long> offerIds, IReadOnlyList<OfferOperation> operations, double? refuseSeconds = null) =>
        Accept(fw, offerIds, operations, refuseSeconds, new AcceptResult());

    /// <summary>
    /// <see cref="Accept(int, ReadOnlySpan{long}, IReadOnlyList{OfferOperation}, double?)"/> into
    /// <paramref name="result"/>, which is emptied first and returned: the outcomes of an accept of
    /// 100 tasks are a 3 KB array, and a master that keeps one result allocates none per accept.
    /// </summary>
    public AcceptResult Accept(int fw, ReadOnlySpan<long> offerIds, IReadOnlyList<OfferOperation> operations, double? refuseSeconds, AcceptResult result)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(result);
        int taskCount = 0;
        for (int i = 0; i < operations.Count; i++)
            taskCount += operations[i].Tasks.Count;
        string? error = ValidateOffers(fw, offerIds);
        if (error is not null)
        {
            result.Reset(offersValid: false, error, taskCount);
            TaskState lost = IsFramework(fw) && (_fwCaps[fw] & FrameworkCapabilities.PartitionAware) != 0 ? TaskState.Dropped : TaskState.Lost;
            for (int i = 0; i < operations.Count; i++)
            {
                IReadOnlyList<TaskLaunch> tasks = operations[i].Tasks;
                for (int t = 0; t < tasks.Count; t++)
                    result.Tasks.Add(new TaskOutcome(tasks[t].TaskId, false, lost, ReasonInvalidOffers, error));
            }
            return result;
        }

        TryGetOfferSlot(offerIds[0], out int first);
        int sub = _offerSub[first];
        int a = _offerAgent[first];
        Bundle avail = _acceptAvail ??= NewBundle();
        avail.Clear();
        foreach (long id in offerIds)
        {
            TryGetOfferSlot(id, out int o);
            avail.AddAll(_offerRes[o]);
            RetireOffer(o);
            _offerRes[o].Clear();
        }

        // Sized for every task up front: an accept of 160 tasks grew the list 4 → 8 → … → 256,
        // ~110 bytes per task of garbage. Indexed loops: an interface foreach allocates an enumerator.
        result.Reset(offersValid: true, error: null, taskCount);
        for (int i = 0; i < operations.Count; i++)
        {
            OfferOperation op = operations[i];
            switch (op.Type)
            {
                case OfferOperationType.Launch:
                    for (int t = 0; t < op.Tasks.Count; t++)
                        LaunchOne(fw, sub, a, avail, op.Tasks[t], result);
                    break;
                case OfferOperationType.LaunchGroup:
                    LaunchGroup(fw, sub, a, avail, op.Tasks, result);
                    break;
                case OfferOperationType.Reserve:
                case OfferOperationType.Unreserve:
                    result.Operations.Add(ApplyReservation(op, sub, a, avail));
                    break;
                case OfferOperationType.Create:
                case OfferOperationType.Destroy:
                    result.Operations.Add(ApplyVolumes(op, sub, a, avail));
                    break;
                default:
                    result.Operations.Add(new OperationOutcome(op.Type, false, $"unsupported operation {op.Type}"));
                    break;
            }
        }
        ReleaseToAgent(sub, a, avail, refuseSeconds);
        return result;
    }

    private string? ValidateOffers(int fw, ReadOnlySpan<long> offerIds)
    {
        if (!IsFramework(fw))
            return "Framework is not registered";
        if (offerIds.IsEmpty)
            return "No offers specified";
        int sub = -1, agent = -1;
        for (int i = 0; i < offerIds.Length; i++)
        {
            long id = offerIds[i];
            for (int j = 0; j < i; j++)
            {
                if (offerIds[j] == id)
                    return $"Duplicate offer {id} in the same accept";
            }
            if (!TryGetOfferSlot(id, out int o))
                return $"Offer {id} is no longer valid";
            if (_subFw[_offerSub[o]] != fw)
                return $"Offer {id} has invalid framework";
            if (agent >= 0 && _offerAgent[o] != agent)
                return $"Aggregated offers must belong to one single agent; offer {id} does not";
            if (sub >= 0 && _offerSub[o] != sub)
                return $"Aggregated offers must be allocated to one role; offer {id} is not";
            agent = _offerAgent[o];
            sub = _offerSub[o];
        }
        return null;
    }

    /// <summary>
    /// Null when the task may run on what is available, else the TASK_ERROR message; fills
    /// <paramref name="need"/>: <paramref name="needInto"/> when given (valid until the next call),
    /// else a bundle of its own.
    /// </summary>
    private string? ValidateTask(int fw, int sub, int a, Bundle avail, TaskLaunch task, Bundle? needInto, out Bundle need, out Bundle? execNeed)
    {
        need = null!;
        execNeed = null;
        if (string.IsNullOrEmpty(task.TaskId))
            return "Task ID must not be empty";
        if (task.Resources.IsEmpty)
            return $"Task '{task.TaskId}' uses no resources";
        try
        {
            need = needInto is null ? ToBundle(task.Resources, validateRoles: false) : ToBundle(task.Resources, validateRoles: false, needInto);
            var execKey = new ExecutorKey(fw, a, task.ExecutorId ?? "");
            if (task.ExecutorId is not null && task.ExecutorResources is not null && !_execByKey.ContainsKey(execKey))
                execNeed = ToBundle(task.ExecutorResources, validateRoles: false);
        }
        catch (EngineException e)
        {
            return $"Task '{task.TaskId}': {e.Message}";
        }
        int role = _subRole[sub];
        foreach (Resource r in task.Resources)
        {
            if (r.IsReserved && !RoleName.IsSameOrDescendant(Roles.Name[role], r.Role))
                return $"Task '{task.TaskId}' uses resources reserved for role '{r.Role}', but the offer is for role '{Roles.Name[role]}'";
        }
        Bundle total = _probe;
        total.CopyFrom(need);
        if (execNeed is not null)
            total.AddAll(execNeed);
        if (!avail.Contains(total))
            return $"Task '{task.TaskId}' uses more resources ({ToResources(total)}) than available in the accepted offers ({ToResources(avail)})";
        return null;
    }

    private void LaunchOne(int fw, int sub, int a, Bundle avail, TaskLaunch task, AcceptResult result)
    {
        // The task's need is used up here (subtracted, not kept): one scratch bundle serves every
        // task instead of a bundle and its arrays per task (~230 bytes).
        string? error = ValidateTask(fw, sub, a, avail, task, _taskNeed ??= NewBundle(), out Bundle need, out Bundle? execNeed);
        if (error is not null)
        {
            result.Tasks.Add(new TaskOutcome(task.TaskId, false, TaskState.Error, ReasonTaskInvalid, error));
            return;
        }
        avail.Subtract(need);
        if (execNeed is not null)
            avail.Subtract(execNeed);
        int slot = RecordTask(fw, sub, a, task, execNeed);
        result.Tasks.Add(new TaskOutcome(task.TaskId, true, TaskState.Staging, null, null, slot));
    }

    private void LaunchGroup(int fw, int sub, int a, Bundle avail, IReadOnlyList<TaskLaunch> tasks, AcceptResult result)
    {
        // Validate against a copy so a failing member leaves the offer untouched (all or nothing).
        Bundle trial = CopyOf(avail);
        string? error = tasks.Count == 0 ? "Task group is empty" : null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var needs = new Bundle[tasks.Count];
        var execNeeds = new Bundle?[tasks.Count];
        string? execId = tasks.Count > 0 ? tasks[0].ExecutorId : null;
        for (int i = 0; i < tasks.Count && error is null; i++)
        {
            if (!ids.Add(tasks[i].TaskId))
                error = $"Task ID '{tasks[i].TaskId}' appears twice in the task group";
            else if (tasks[i].ExecutorId != execId)
                error = "All tasks of a task group must use the same executor";
            else
                error = ValidateTask(fw, sub, a, trial, i == 0 ? tasks[i] : tasks[i] with { ExecutorResources = null }, needInto: null, out needs[i], out execNeeds[i]);
            if (error is null)
            {
                trial.Subtract(needs[i]);
                if (execNeeds[i] is not null)
                    trial.Subtract(execNeeds[i]!);
            }
        }
        if (error is not null)
        {
            foreach (TaskLaunch task in tasks)
                result.Tasks.Add(new TaskOutcome(task.TaskId, false, TaskState.Error, ReasonTaskInvalid, error));
            return;
        }
        for (int i = 0; i < tasks.Count; i++)
        {
            avail.Subtract(needs[i]);
            if (execNeeds[i] is not null)
                avail.Subtract(execNeeds[i]!);
            int slot = RecordTask(fw, sub, a, tasks[i], execNeeds[i]);
            result.Tasks.Add(new TaskOutcome(tasks[i].TaskId, true, TaskState.Staging, null, null, slot));
        }
    }

    /// <summary>RESERVE moves unreserved resources into a dynamic reservation for the offer's role (or a descendant); UNRESERVE moves them back.</summary>
    private OperationOutcome ApplyReservation(OfferOperation op, int sub, int a, Bundle avail)
    {
        bool reserve = op.Type == OfferOperationType.Reserve;
        if (op.Resources.IsEmpty)
            return new OperationOutcome(op.Type, false, "no resources given");
        string offerRole = Roles.Name[_subRole[sub]];
        foreach (Resource r in op.Resources)
        {
            if (r.Reservation != ReservationType.Dynamic)
                return new OperationOutcome(op.Type, false, $"'{r}' must be a dynamic reservation, e.g. cpus({offerRole},principal):1");
            if (reserve && !RoleName.IsSameOrDescendant(r.Role, offerRole))
                return new OperationOutcome(op.Type, false, $"cannot reserve for role '{r.Role}' from an offer for role '{offerRole}'");
            if (!reserve && r.Type == ResourceType.Set && r.Name == PersistentVolume.ResourceName)
                return new OperationOutcome(op.Type, false, "destroy persistent volumes before unreserving them");
        }
        Bundle reserved, unreserved;
        try
        {
            if (reserve)
            {
                foreach (Resource r in op.Resources)
                    Roles.GetOrAdd(r.Role);
            }
            reserved = ToBundle(op.Resources, validateRoles: false);
            unreserved = ToBundle(UnreservedForm(op.Resources), validateRoles: false);
        }
        catch (EngineException e)
        {
            return new OperationOutcome(op.Type, false, e.Message);
        }
        Bundle from = reserve ? unreserved : reserved;
        Bundle to = reserve ? reserved : unreserved;
        if (!avail.Contains(from))
            return new OperationOutcome(op.Type, false, $"{ToResources(from)} is not available in the accepted offers");
        if (!reserve && _volumes[a] is { Count: > 0 })
        {
            foreach (VolumeInfo v in _volumes[a]!.Values)
            {
                for (int p = 0; p < from.Count; p++)
                {
                    if (from.KeyAt(p) == v.Key && from.ScalarAt(p, ResourceKinds.Disk) > 0 && ReservedDiskLeft(a, v.Key) < from.ScalarAt(p, ResourceKinds.Disk))
                        return new OperationOutcome(op.Type, false, "the reservation holds a persistent volume; destroy it first");
                }
            }
        }
        Transform(sub, a, avail, from, to);
        return new OperationOutcome(op.Type, true, null);
    }

    private long ReservedDiskLeft(int a, int key)
    {
        int p = _total[a].IndexOf(key);
        return p < 0 ? 0 : _total[a].ScalarAt(p, ResourceKinds.Disk);
    }

    private static Resources UnreservedForm(Resources reserved)
    {
        var list = new List<Resource>(reserved.Count);
        foreach (Resource r in reserved)
            list.Add(r.Unreserved());
        return Resources.From(list);
    }

    /// <summary>
    /// Replaces <paramref name="from"/> with <paramref name="to"/> (same amounts, other pools) in the
    /// accepted resources and in the agent's total, keeping every ledger consistent: the
    /// subscription's allocation split, the roles' quota consumption and reservations.
    /// </summary>
    private void Transform(int sub, int a, Bundle avail, Bundle from, Bundle to)
    {
        ChargeAllocation(sub, from, -1, -1, -1);
        avail.Subtract(from);
        avail.AddAll(to);
        ChargeAllocation(sub, to, +1, -1, -1);
        _subAllocCount[sub]--;   // a transform is not an allocation
        for (int n = _subRole[sub]; n > RoleTree.Root; n = Roles.Parent[n])
            Roles.AllocCount[n]--;
        AddReservationsToRoles(_total[a], -1);
        AddToLiveTotal(a, -1);   // a volume carved from disk leaves the disk total
        _total[a].Subtract(from);
        _total[a].AddAll(to);
        AddToLiveTotal(a, +1);
        AddReservationsToRoles(_total[a], +1);
        NewContent(a);
        _eligibilityGen++;
    }

    /// <summary>CREATE carves a volume from reserved disk of its role; DESTROY returns it. In use means not in the offer: such volumes cannot be destroyed.</summary>
    private OperationOutcome ApplyVolumes(OfferOperation op, int sub, int a, Bundle avail)
    {
        bool create = op.Type == OfferOperationType.Create;
        if (op.Volumes.Count == 0)
            return new OperationOutcome(op.Type, false, "no volumes given");
        var volumes = _volumes[a] ??= new Dictionary<string, VolumeInfo>(StringComparer.Ordinal);
        int kind;
        try
        {
            kind = RangeKind(PersistentVolume.ResourceName, isSet: true);
        }
        catch (EngineException e)
        {
            return new OperationOutcome(op.Type, false, e.Message);
        }
        // Validate every volume before changing anything.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PersistentVolume v in op.Volumes)
        {
            if (string.IsNullOrEmpty(v.PersistenceId) || !seen.Add(v.PersistenceId))
                return new OperationOutcome(op.Type, false, $"persistence id '{v.PersistenceId}' is empty or repeated");
            if (create)
            {
                if (volumes.ContainsKey(v.PersistenceId))
                    return new OperationOutcome(op.Type, false, $"persistent volume '{v.PersistenceId}' already exists on the agent");
                if (v.Size.Milli <= 0)
                    return new OperationOutcome(op.Type, false, $"persistent volume '{v.PersistenceId}' must have a positive size");
                if (!Roles.TryGet(v.Role, out _) || FindDiskPortion(avail, v) < 0)
                    return new OperationOutcome(op.Type, false, $"no disk reserved for role '{v.Role}' with {v.Size} MB free in the accepted offers for volume '{v.PersistenceId}'");
            }
            else
            {
                if (!volumes.TryGetValue(v.PersistenceId, out VolumeInfo info))
                    return new OperationOutcome(op.Type, false, $"persistent volume '{v.PersistenceId}' does not exist on the agent");
                int p = avail.IndexOf(info.Key);
                RangeSet? items = p < 0 ? null : avail.RangesOf(p, kind);
                if (items is null || !ContainsItem(items, info.ItemId))
                    return new OperationOutcome(op.Type, false, $"persistent volume '{v.PersistenceId}' is in use or not in the accepted offers");
            }
        }
        Bundle from = NewBundle(), to = NewBundle();
        foreach (PersistentVolume v in op.Volumes)
        {
            from.Clear();
            to.Clear();
            if (create)
            {
                int p = FindDiskPortion(avail, v);
                int key = avail.KeyAt(p);
                ulong id = Kinds.InternSetItem(kind, v.PersistenceId);
                from.AddScalar(key, ResourceKinds.Disk, v.Size.Milli);
                to.AddRange(key, kind, id, id);
                volumes[v.PersistenceId] = new VolumeInfo(key, v.Size.Milli, id);
            }
            else
            {
                VolumeInfo info = volumes[v.PersistenceId];
                from.AddRange(info.Key, kind, info.ItemId, info.ItemId);
                to.AddScalar(info.Key, ResourceKinds.Disk, info.SizeMilli);
                volumes.Remove(v.PersistenceId);
            }
            Transform(sub, a, avail, from, to);
        }
        return new OperationOutcome(op.Type, true, null);
    }

    private int FindDiskPortion(Bundle avail, PersistentVolume v)
    {
        if (!Roles.TryGet(v.Role, out int node))
            return -1;
        int p = avail.IndexOf(ReservationKey.Dynamic(node));
        if (p >= 0 && avail.ScalarAt(p, ResourceKinds.Disk) >= v.Size.Milli)
            return p;
        p = avail.IndexOf(ReservationKey.Static(node));
        return p >= 0 && avail.ScalarAt(p, ResourceKinds.Disk) >= v.Size.Milli ? p : -1;
    }

    private static bool ContainsItem(RangeSet set, ulong id)
    {
        for (int i = 0; i < set.Count; i++)
        {
            if (set.BeginAt(i) <= id && id <= set.EndAt(i))
                return true;
        }
        return false;
    }
}
