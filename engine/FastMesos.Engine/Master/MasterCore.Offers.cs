using System.Globalization;
using FastMesos.Messages;
using WireOperation = FastMesos.Messages.OfferOperation;
using WireOperationType = FastMesos.Messages.OfferOperationType;
using WireVolume = FastMesos.Messages.PersistentVolume;

namespace FastMesos.Engine.Master;

public sealed partial class MasterCore
{
    private readonly Dictionary<int, List<Offer>> _offerBatches = [];

    /// <summary>The ACCEPT collections between accepts; null while an accept holds them.</summary>
    private AcceptScratch? _acceptScratch = new();

    /// <summary>
    /// The most offers one OFFERS event carries. A run that offers a framework every agent of a
    /// large cluster (its first run after a failover or a subscription) sends them in events of
    /// this many, so the framework decodes and answers the first ones while the rest are on the
    /// way: as one 10,000-offer event, the first offer reached the framework 150–230 ms after its
    /// SUBSCRIBED on a slow day of the 2-core test machine, 115–126 ms in events of 1,000
    /// (perf-reports/2026-12-06-failover-first-offer.md); each event leaves as soon as it is full.
    /// Mesos sends one message per run; schedulers already take offers from any number of events.
    /// </summary>
    internal const int MaxOffersPerEvent = 1000;

    /// <summary>Runs the allocator once and sends each framework its new offers in OFFERS events of at most <see cref="MaxOffersPerEvent"/>.</summary>
    public AllocationRunStats Allocate()
    {
        AllocationRunStats stats = _allocator.RunAllocation();
        SendOffers();
        DrainRescinds();
        return stats;
    }

    private void SendOffers()
    {
        ReadOnlySpan<long> offers = _allocator.LastOffers;
        if (offers.Length == 0)
            return;
        foreach (long id in offers)
        {
            OfferInfo info = _allocator.GetOffer(id);
            if (!_frameworksBySlot.TryGetValue(info.Framework, out FrameworkRecord? fw) || !_agentsBySlot.TryGetValue(info.Agent, out AgentRecord? agent))
                continue;
            if (!_offerBatches.TryGetValue(info.Framework, out List<Offer>? batch))
                _offerBatches[info.Framework] = batch = [];
            var offer = new Offer
            {
                Id = new OfferId(OfferIdText(id)),
                FrameworkId = new FrameworkId(fw.Id),
                AgentId = new AgentId(agent.Id),
                Hostname = agent.Info.Hostname,
                Resources = info.Resources,
                Attributes = agent.Info.Attributes,
                AllocationRole = info.Role,
            };
            _offers[id] = offer;
            batch.Add(offer);
            // A full event leaves now, while the run builds the rest: the framework starts on it
            // sooner than if every event of the run waited for the last offer.
            if (batch.Count == MaxOffersPerEvent)
                SendOfferBatch(fw, batch);
        }

        foreach ((int slot, List<Offer> batch) in _offerBatches)
        {
            if (batch.Count > 0)
                SendOfferBatch(_frameworksBySlot[slot], batch);
        }
    }

    /// <summary>Sends <paramref name="batch"/> (at most <see cref="MaxOffersPerEvent"/> offers) as one OFFERS event when the framework is connected, and empties it.</summary>
    private void SendOfferBatch(FrameworkRecord fw, List<Offer> batch)
    {
        Counters.OffersSent += batch.Count;
        if (fw.Connected)
            _outbox.Send(fw.Peer, new OffersEvent { Offers = [.. batch] });
        batch.Clear();
    }

    /// <summary>
    /// ACCEPT: tasks are checked first (Mesos' master validation: one of command or executor, an
    /// agent id matching the offers, a task id not in use), then the allocator applies the
    /// operations to the offers. Launched tasks go to their agent as RunTask (RunTaskGroup for a
    /// LAUNCH_GROUP); refused ones come back at once as master-generated updates without a uuid
    /// (TASK_ERROR for an invalid task, TASK_LOST/TASK_DROPPED for invalid offers).
    /// </summary>
    public void OnAccept(int peer, AcceptCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        Counters.MessagesLaunchTasks++;
        Span<long> ids = call.OfferIds.Count <= 64 ? stackalloc long[call.OfferIds.Count] : new long[call.OfferIds.Count];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = ParseOfferId(call.OfferIds[i].Value);
        ForgetOffers(fw, ids);
        string? offerAgent = ids.Length > 0 && _allocator.IsOutstanding(ids[0]) && _agentsBySlot.TryGetValue(_allocator.OfferAgent(ids[0]), out AgentRecord? a0) ? a0.Id : null;
        string role = ids.Length > 0 && _allocator.OfferRole(ids[0]) is { } offerRole ? offerRole : fw.DefaultRole;

        int taskCount = 0;
        for (int i = 0; i < call.Operations.Count; i++)
            taskCount += call.Operations[i].Tasks.Count;
        AcceptScratch scratch = TakeAcceptScratch(call.Operations.Count, taskCount);
        try
        {
            Accept(peer, fw, call, ids, offerAgent, role, scratch);
        }
        finally
        {
            ReturnAcceptScratch(scratch);
        }
        DrainRescinds();
    }

    private void Accept(int peer, FrameworkRecord fw, AcceptCall call, ReadOnlySpan<long> ids, string? offerAgent, string role, AcceptScratch scratch)
    {
        List<OfferOperation> operations = scratch.Operations;
        List<TaskInfo> singles = scratch.Singles;
        Dictionary<string, TaskInfo> tasksById = scratch.TasksById;
        List<(ExecutorInfo Executor, IReadOnlyList<TaskInfo> Tasks)> groups = scratch.Groups;
        for (int i = 0; i < call.Operations.Count; i++)
        {
            WireOperation op = call.Operations[i];
            switch (op.Type)
            {
                case WireOperationType.Launch:
                {
                    // The operation takes its slice of the accept's launch buffer, filled in place.
                    TaskLaunch[] launches = scratch.Launches;
                    int start = scratch.LaunchCount, valid = 0;
                    for (int t = 0; t < op.Tasks.Count; t++)
                    {
                        TaskInfo task = op.Tasks[t];
                        string? invalid = ValidateTask(fw, task, offerAgent, tasksById);
                        if (invalid is not null)
                        {
                            CountTerminal(TaskState.Error);
                            SendMasterUpdate(fw, task.TaskId, task.AgentId, TaskState.Error, TaskStatusReason.TaskInvalid, invalid);
                            continue;
                        }

                        tasksById[task.TaskId.Value] = task;
                        singles.Add(task);
                        launches[start + valid++] = ToLaunch(task);
                    }

                    scratch.LaunchCount = start + valid;
                    operations.Add(new OfferOperation { Type = OfferOperationType.Launch, Tasks = new ArraySegment<TaskLaunch>(launches, start, valid) });
                    break;
                }

                case WireOperationType.LaunchGroup:
                {
                    string? invalid = op.Executor is null ? "LAUNCH_GROUP needs an executor" : op.Tasks.Count == 0 ? "LAUNCH_GROUP needs at least one task" : null;
                    var launches = new List<TaskLaunch>(op.Tasks.Count);
                    foreach (TaskInfo task in op.Tasks)
                    {
                        invalid ??= ValidateTask(fw, task, offerAgent, tasksById, inGroup: true);
                        tasksById[task.TaskId.Value] = task;
                        launches.Add(ToLaunch(task with { Executor = op.Executor }));
                    }

                    if (invalid is not null)
                    {
                        foreach (TaskInfo task in op.Tasks)
                        {
                            tasksById.Remove(task.TaskId.Value);
                            CountTerminal(TaskState.Error);
                            SendMasterUpdate(fw, task.TaskId, task.AgentId, TaskState.Error, TaskStatusReason.TaskGroupInvalid, invalid);
                        }

                        continue;
                    }

                    groups.Add((op.Executor!, op.Tasks));
                    operations.Add(OfferOperation.LaunchGroup([.. launches]));
                    break;
                }

                case WireOperationType.Reserve:
                    operations.Add(OfferOperation.Reserve(op.Resources));
                    break;
                case WireOperationType.Unreserve:
                    operations.Add(OfferOperation.Unreserve(op.Resources));
                    break;
                case WireOperationType.Create:
                    operations.Add(OfferOperation.Create([.. ToEngine(op.Volumes)]));
                    break;
                case WireOperationType.Destroy:
                    operations.Add(OfferOperation.Destroy([.. ToEngine(op.Volumes)]));
                    break;
                default:
                    SendError(peer, $"offer operation {op.Type} is not supported");
                    break;
            }
        }

        AcceptResult result = _allocator.Accept(fw.Slot, ids, operations, call.Filters?.RefuseSeconds, scratch.Result);
        HashSet<string> launched = scratch.Launched;
        foreach (TaskOutcome outcome in result.Tasks)
        {
            if (!tasksById.TryGetValue(outcome.TaskId, out TaskInfo? task))
                continue;
            if (!outcome.Launched)
            {
                CountTerminal(outcome.State);
                SendMasterUpdate(fw, task.TaskId, task.AgentId, outcome.State, ParseReason(outcome.Reason), outcome.Message ?? result.Error ?? "launch refused");
                continue;
            }

            launched.Add(outcome.TaskId);
            AgentRecord agent = _agents[offerAgent!];
            var record = new TaskRecord(task, fw.Id, agent.Id, role) { LedgerSlot = outcome.Slot };
            // STAGING is the master's own starting state (TaskRecord's default); Mesos keeps it out
            // of statuses[], which holds only updates the agent sent.
            AddTask(fw, agent, record);
        }

        SendLaunches(fw, offerAgent, singles, groups, launched);
    }

    /// <summary>
    /// The collections an ACCEPT works with, reused from one accept to the next: new ones per
    /// accept (two lists, a dictionary and a set) with the offer's resources converted only for its
    /// role were 61 bytes of garbage per task in scenario B (1,148 → 1,086 B per task,
    /// perf-reports/2026-12-05-marathon-store-io.md). A nested accept (none today: the outbox
    /// never calls back into the core) gets fresh ones.
    /// </summary>
    private AcceptScratch TakeAcceptScratch(int operationCount, int taskCount)
    {
        AcceptScratch? scratch = _acceptScratch;
        _acceptScratch = null;
        scratch ??= new AcceptScratch();
        scratch.Prepare(operationCount, taskCount);
        return scratch;
    }

    private void ReturnAcceptScratch(AcceptScratch scratch)
    {
        if (scratch.Clear())
            _acceptScratch = scratch;
    }

    /// <summary>Sends the launched tasks to their agent: one RunTask per LAUNCH task, one RunTaskGroup per launched group.</summary>
    private void SendLaunches(FrameworkRecord fw, string? agentId, List<TaskInfo> singles,
        List<(ExecutorInfo Executor, IReadOnlyList<TaskInfo> Tasks)> groups, HashSet<string> launched)
    {
        if (launched.Count == 0 || agentId is null || !_agents.TryGetValue(agentId, out AgentRecord? agent))
            return;
        foreach (TaskInfo task in singles)
        {
            if (launched.Contains(task.TaskId.Value))
                SendToAgent(agent, new RunTask { Framework = fw.Info, Task = task });
        }

        foreach ((ExecutorInfo executor, IReadOnlyList<TaskInfo> tasks) in groups)
        {
            if (tasks.Count > 0 && launched.Contains(tasks[0].TaskId.Value))
                SendToAgent(agent, new RunTaskGroup { Framework = fw.Info, Executor = executor with { FrameworkId = new FrameworkId(fw.Id) }, Tasks = tasks });
        }
    }

    private void SendToAgent<T>(AgentRecord agent, T message)
    {
        if (agent.Peer >= 0)
            _outbox.Send(agent.Peer, message);
        else
            Counters.DroppedMessages++;
    }

    /// <summary>DECLINE: the offers return to their agents, filtered for refuse_seconds (default 5 s).</summary>
    public void OnDecline(int peer, DeclineCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!TryCaller(peer, call.FrameworkId, out FrameworkRecord? fw))
            return;
        Counters.MessagesDeclineOffers++;
        foreach (OfferId id in call.OfferIds)
        {
            long offer = ParseOfferId(id.Value);
            if (_allocator.OfferFramework(offer) == fw.Slot)
                _offers.Remove(offer);
            _allocator.Decline(fw.Slot, offer, call.Filters?.RefuseSeconds);
        }
    }

    /// <summary>Offers named by an ACCEPT are used up whatever its outcome (Mesos: an offer id is valid once).</summary>
    private void ForgetOffers(FrameworkRecord fw, ReadOnlySpan<long> ids)
    {
        foreach (long id in ids)
        {
            if (_allocator.OfferFramework(id) == fw.Slot)
                _offers.Remove(id);
        }
    }

    private string? ValidateTask(FrameworkRecord fw, TaskInfo task, string? offerAgent, Dictionary<string, TaskInfo> batch, bool inGroup = false)
    {
        string id = task.TaskId.Value;
        if (string.IsNullOrEmpty(id))
            return "Task ID must not be empty";
        if (id.Contains('/', StringComparison.Ordinal) || id.Contains('\0', StringComparison.Ordinal) || id == "." || id == "..")
            return $"Task ID '{id}' contains an invalid character or is a relative path";
        if (fw.Tasks.ContainsKey(id) || batch.ContainsKey(id))
            return $"Task has duplicate ID: {id}";
        if (offerAgent is not null && task.AgentId.Value != offerAgent)
            return $"Task uses agent id {task.AgentId.Value} but the offers are for agent {offerAgent}";
        if (!inGroup && (task.Command is null) == (task.Executor is null))
            return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        if (inGroup && task.Executor is not null)
            return "Task in a task group must not set an ExecutorInfo";
        if (task.Resources.IsEmpty)
            return "Task uses no resources";
        return null;
    }

    private static TaskLaunch ToLaunch(TaskInfo task) =>
        task.Executor is { } executor
            ? new TaskLaunch(task.TaskId.Value, task.Resources, executor.ExecutorId.Value, executor.Resources)
            : new TaskLaunch(task.TaskId.Value, task.Resources);

    private static TaskLaunch ToLaunch(TaskRecord task) => new(task.TaskId, task.Resources, task.ExecutorId, task.ExecutorResources);

    private static IEnumerable<PersistentVolume> ToEngine(IReadOnlyList<WireVolume> volumes)
    {
        foreach (WireVolume v in volumes)
            yield return new PersistentVolume(v.PersistenceId, v.Role, v.Size);
    }

    private static TaskStatusReason? ParseReason(string? reason) => reason switch
    {
        null => null,
        "REASON_INVALID_OFFERS" => TaskStatusReason.InvalidOffers,
        "REASON_TASK_INVALID" => TaskStatusReason.TaskInvalid,
        "REASON_TASK_GROUP_INVALID" => TaskStatusReason.TaskGroupInvalid,
        _ => null,
    };

    /// <summary>The wire form of an allocator offer id: <c>&lt;masterId&gt;-O&lt;n&gt;</c>, as Mesos names offers.</summary>
    internal string OfferIdText(long id) => string.Create(CultureInfo.InvariantCulture, $"{_options.MasterId}-O{id}");

    /// <summary>The allocator id in an offer id, or -1 (never outstanding) when it is not one of this master's.</summary>
    internal long ParseOfferId(string text)
    {
        string prefix = _options.MasterId;
        if (text.Length <= prefix.Length + 2 || !text.StartsWith(prefix, StringComparison.Ordinal)
            || text[prefix.Length] != '-' || text[prefix.Length + 1] != 'O')
            return -1;
        return long.TryParse(text.AsSpan(prefix.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : -1;
    }
}
