using System.Collections.Concurrent;
using System.Text;
using FastMesos.Marathon.State;
using FastMesos.Messages;
using FastMesos.Scheduler;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>The driver's callbacks, each handed to the runtime loop (never run on the driver's thread).</summary>
    private sealed class Callbacks(MarathonRuntime runtime) : ISchedulerCallbacks
    {
        public void Subscribed(SchedulerDriver driver, SubscribedEvent subscribed) =>
            runtime.Post(r => r.OnSubscribedAsync(subscribed.FrameworkId.Value), "subscribed");

        public void Offers(SchedulerDriver driver, IReadOnlyList<Offer> offers) =>
            runtime.Post(r => r.OnOffers(offers), "offers");

        public void StatusUpdate(SchedulerDriver driver, MesosTaskStatus status) => runtime.EnqueueStatus(status);

        public void Error(SchedulerDriver driver, string message) =>
            runtime._log?.Invoke($"E Master reported an error: {message}");

        public void Disconnected(SchedulerDriver driver, string reason) =>
            runtime._log?.Invoke($"W Disconnected from the master: {reason}");
    }

    /// <summary>
    /// Status updates wait here for the loop, which takes them in one work item per batch instead
    /// of one each: a launch flood brings tens of thousands per second, and a work item per update
    /// cost four allocations and a trip through the loop's channel (perf-reports/2026-12-04-marathon.md).
    /// Order is kept: updates leave in arrival order, and a batch is posted behind whatever was
    /// queued when its first update arrived.
    /// </summary>
    private readonly ConcurrentQueue<MesosTaskStatus> _statusInbox = new();

    /// <summary>1 while a drain is posted and has not started taking updates.</summary>
    private int _statusDrainPosted;

    private void EnqueueStatus(MesosTaskStatus status)
    {
        _statusInbox.Enqueue(status);
        if (Interlocked.Exchange(ref _statusDrainPosted, 1) == 0)
            Post(static r => r.DrainStatusesAsync(), "status updates");
    }

    /// <summary>
    /// Updates one drain takes at most; the rest wait for the next drain, queued behind what is
    /// queued now. A drain of everything queued took up to 0.8 s in a 1,000 × 1,000 deploy once
    /// REST calls went first (perf-reports/2026-12-07-deploy-api-latency/); one update costs
    /// about 5–10 µs, so this bounds a drain to 10–20 ms.
    /// </summary>
    internal const int MaxStatusesPerDrain = 2048;

    /// <summary>
    /// How many of the <paramref name="queued"/> updates one drain takes: all of them up to
    /// <see cref="MaxStatusesPerDrain"/>, so offers queued behind the drain get their turn and a REST
    /// call waits for one bounded drain at most (SerialExecutor). A backlog beyond that is halved
    /// per drain instead: several offer items can queue between two drains, each launching
    /// thousands of tasks whose updates follow, and a fixed bound let the inbox grow without end.
    /// </summary>
    internal static int DrainBound(int queued) =>
        queued <= MaxStatusesPerDrain ? queued : Math.Max(MaxStatusesPerDrain, queued / 2);

    private async Task DrainStatusesAsync()
    {
        // Reset before taking: an update enqueued from here on either is taken by this drain or
        // posts the next one (which may then find nothing), so none is left behind.
        Volatile.Write(ref _statusDrainPosted, 0);
        int bound = DrainBound(_statusInbox.Count);
        _statusPersists = _statusPersistsSet;
        try
        {
            for (int n = 0; n < bound && _statusInbox.TryDequeue(out MesosTaskStatus status); n++)
            {
                try
                {
                    await OnStatusAsync(status).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad update must not strand the rest of the batch.
                    _log?.Invoke($"E status update of {status.TaskId.Value} failed: {e}");
                }
            }
        }
        finally
        {
            _statusPersists = null;
            WriteStatusPersists();
        }
        // Updates left over (or arrived while this drain ran without posting, because the flag was
        // still set by then) get another turn behind whatever is queued now.
        if (!_statusInbox.IsEmpty && Interlocked.Exchange(ref _statusDrainPosted, 1) == 0)
            Post(static r => r.DrainStatusesAsync(), "status updates");
    }

    /// <summary>
    /// While a drain runs: the instances whose new task state is still to be stored, each once in
    /// its latest state, in one group commit (a disk flush per update made the store, not the
    /// scheduler, the limit of a launch flood: perf-reports/2026-12-04-cluster-tcp.md). Nothing
    /// waits on these writes: the driver acknowledged the updates when they were queued, and a lost
    /// write only leaves an older state that reconciliation corrects.
    /// </summary>
    private HashSet<Instance>? _statusPersists;

    /// <summary>
    /// The one set drains collect into: the task states not yet handed to a write. Emptied by
    /// <see cref="WriteStatusPersists"/>; while a write is in flight it keeps collecting, over as
    /// many drains as that write takes.
    /// </summary>
    private readonly HashSet<Instance> _statusPersistsSet = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The write of task states in flight, not awaited by the drain that started it (the loop waited
    /// 8.7 s of a 31.6 s 1,000 × 1,000 deploy on 190 of these commits, 46 ms each). Never faults. Loop-owned.
    /// </summary>
    private Task _statusWriteInFlight = Task.CompletedTask;

    /// <summary>Task states one store write carries at most (<see cref="StoreStatusPersistsAsync"/>).</summary>
    private const int StatusWriteChunk = 1024;

    /// <summary>True while a <see cref="WriteStatusPersists"/> is posted for when the write in flight ends.</summary>
    private bool _statusWriteAfterPosted;

    /// <summary>
    /// Hands the collected task states to a write when none is in flight; otherwise they wait for
    /// that write to end, and this runs again then. One write in flight at a time, each as large as
    /// what collected meanwhile: the writes keep pace with any rate of updates without holding the
    /// loop or the drains. (A drain bounded to <see cref="MaxStatusesPerDrain"/> that waited for the
    /// write before it fell behind a million-task flood, whose updates then piled up in memory.)
    /// </summary>
    private void WriteStatusPersists()
    {
        if (_statusPersistsSet.Count == 0)
            return;
        if (!_statusWriteInFlight.IsCompleted)
        {
            if (!_statusWriteAfterPosted)
            {
                _statusWriteAfterPosted = true;
                _ = WriteStatusPersistsAfterAsync(_statusWriteInFlight);
            }
            return;
        }
        _statusWriteInFlight = StoreStatusPersistsAsync(_statusPersistsSet);
        // The write encoded every value before its first await: the set is free for the next drain.
        _statusPersistsSet.Clear();
    }

    private async Task WriteStatusPersistsAfterAsync(Task inFlight)
    {
        await inFlight.ConfigureAwait(false);   // never faults
        Post(static r =>
        {
            r._statusWriteAfterPosted = false;
            r.WriteStatusPersists();
        }, "storing task states");
    }

    /// <summary>How long a stopping Marathon waits for its last task states to be stored.</summary>
    private static readonly TimeSpan StatusFlushTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// At the stop (an abdication, a lost leadership, a shutdown), once the driver no longer takes
    /// updates: the updates still queued are applied and every task state is stored before the
    /// store's writes are cancelled. The driver acknowledged these updates when they were queued, so
    /// the master will not send them again: the next leader, or this Marathon restarted, starts from
    /// them instead of from older states that only its reconciliation would correct. Bounded by
    /// <see cref="StatusFlushTimeout"/>: a store that does not answer does not hold the stop.
    /// </summary>
    private async Task FlushStatusesAsync()
    {
        Task<bool> flushed = _loop.RunAsync(async () =>
        {
            if (_statusInbox.IsEmpty && _statusWriteInFlight.IsCompleted && _statusPersistsSet.Count == 0)
                return true;
            _log?.Invoke("I Storing the last task states before stopping");
            // A drain takes MaxStatusesPerDrain at most; the driver is stopped, so this ends.
            while (!_statusInbox.IsEmpty)
                await DrainStatusesAsync().ConfigureAwait(false);
            await _statusWriteInFlight.ConfigureAwait(false);
            WriteStatusPersists();   // what collected while that write was in flight
            await _statusWriteInFlight.ConfigureAwait(false);
            return true;
        });
        try
        {
            await flushed.WaitAsync(StatusFlushTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log?.Invoke($"W the last task states were not stored within {StatusFlushTimeout.TotalSeconds:F0} s; stopping without them");
        }
        catch (ObjectDisposedException)
        {
            // Stopped before: the loop is gone and so are its writes.
        }
    }

    /// <summary>
    /// Stores the instances a drain changed that are still known (one removed meanwhile stays deleted).
    /// The values are encoded before this returns, so later changes go in a later write; the store
    /// commits writes in the order they were made. A failed write is logged.
    /// </summary>
    private async Task StoreStatusPersistsAsync(HashSet<Instance> persists)
    {
        if (persists.Count == 0)
            return;
        // In writes of at most StatusWriteChunk keys: task states need not commit together, and a
        // REST call's commit may go between two chunks instead of waiting for all of them
        // (SqliteMarathonStore's lanes).
        var writes = new List<Task>(persists.Count / StatusWriteChunk + 1);
        var entries = new StoreBatch();
        int count = 0;
        foreach (Instance instance in persists)
        {
            if (!instance.Indexed)
                continue;
            InstanceCodec.Put(entries, instance);
            count++;
            if (entries.Count == StatusWriteChunk)
            {
                writes.Add(_store.PutAllAsync(entries, _stopping.Token));   // the store takes the batch
                entries = new StoreBatch();
            }
        }
        // The store takes a batch even when empty (and disposes it).
        writes.Add(_store.PutAllAsync(entries, _stopping.Token));
        try
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log?.Invoke($"E storing {count} task state(s) failed: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            // Marathon is stopping.
        }
    }

    /// <summary>
    /// A (re-)subscription: the framework id is stored before anything else, so a restarted
    /// Marathon comes back as the same framework; then every known task is reconciled.
    /// </summary>
    private async Task OnSubscribedAsync(string frameworkId)
    {
        if (FrameworkId != frameworkId)
        {
            await _store.PutAsync(FrameworkIdKey, Encoding.UTF8.GetBytes(frameworkId), _stopping.Token).ConfigureAwait(false);
            FrameworkId = frameworkId;
        }
        _log?.Invoke($"I Subscribed as framework {frameworkId}");
        PublishSchedulerRegistered(frameworkId);
        // A subscription names no suppressed role, so the master offers again. Instances already
        // waiting (a deployment resumed before the connection was up) also revive, which clears the
        // filters the previous connection's declines left.
        _suppressed = false;
        if (AnyScheduled())
            Revive();
        FlushRevive();
        ReconcileAll();
    }

    /// <summary>Explicit reconciliation of every launched task, then an implicit one (specs/marathon.md §6.4).</summary>
    private void ReconcileAll()
    {
        if (_driver is null)
            return;
        var tasks = new List<ReconcileTask>();
        foreach (Instance instance in _instances.Values)
        {
            if (instance.State is not null)
                tasks.Add(new ReconcileTask(new TaskId(instance.TaskId), instance.AgentId));
        }
        SchedulerDriver driver = _driver;
        AfterLaunches(() =>
        {
            if (tasks.Count > 0)
                driver.Reconcile(tasks);
            driver.Reconcile();
        });
    }
}
