using System.Diagnostics;
using System.Globalization;
using FastMesos.Messages;
using FastMesos.Scheduler;
using FastMesos.Transport.Connections;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Simulator.Cluster;

/// <summary>
/// A framework of the workload as a native scheduler client (<see cref="SchedulerDriver"/> over
/// TCP): it packs as many of its tasks into each offer as fit until it has launched its count,
/// declines the rest, and counts the status updates it receives (acknowledged implicitly by the
/// driver, which is what lets the agents' streams move on).
/// </summary>
internal sealed class BenchFramework : ISchedulerCallbacks, IAsyncDisposable
{
    private readonly FrameworkProfile _profile;
    private readonly Resources _taskResources;
    private readonly int _target;
    private readonly SchedulerDriver _driver;
    private readonly SettableMasterLocator _master;
    private readonly TaskCompletionSource _allRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<TaskId> _running = [];
    // When each task first reported RUNNING (Stopwatch timestamps, in arrival order; under _running's lock).
    private readonly List<long> _runningAt = [];
    private int _launched;
    private long _updates;
    private long _firstOfferAt;
    private long _lastRunningAt;
    // After MoveTo: when the move was made and the first offer that came after it (0 until one did).
    private long _movedAt;
    private long _firstOfferAfterMoveAt;
    private long _subscribedAfterMoveAt;
    private int _firstOffersAfterMove;
    private TaskCompletionSource _offerAfterMove = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BenchFramework(FrameworkProfile profile, int tasks, System.Net.EndPoint master)
    {
        _profile = profile;
        _taskResources = Resources.Parse(profile.TaskResources);
        _target = tasks;
        var info = new FrameworkInfo { User = "bench", Name = profile.Name, Roles = profile.Roles };
        _master = new SettableMasterLocator(master);
        _driver = new SchedulerDriver(new SchedulerDriverOptions { MasterLocator = _master, Framework = info }, this);
        if (tasks == 0)
            _allRunning.TrySetResult();
    }

    public int Target => _target;

    /// <summary>The profile's framework name.</summary>
    public string Name => _profile.Name;

    /// <summary>The id the master gave the framework; null until it subscribed.</summary>
    public FrameworkId? FrameworkId => _driver.FrameworkId;

    public int Launched => Volatile.Read(ref _launched);

    /// <summary>Tasks that have reported TASK_RUNNING at least once.</summary>
    public int Running
    {
        get
        {
            lock (_running)
                return _running.Count;
        }
    }

    /// <summary>Status updates received (every one is acknowledged by the driver).</summary>
    public long Updates => Interlocked.Read(ref _updates);

    public long FirstOfferAt => Interlocked.Read(ref _firstOfferAt);

    public long LastRunningAt => Interlocked.Read(ref _lastRunningAt);

    /// <summary>The first offer received after the last <see cref="MoveTo"/> (a <see cref="Stopwatch"/> timestamp), 0 until one came.</summary>
    public long FirstOfferAfterMoveAt => Interlocked.Read(ref _firstOfferAfterMoveAt);

    /// <summary>When the master confirmed the subscription after the last <see cref="MoveTo"/> (a <see cref="Stopwatch"/> timestamp), 0 until it did.</summary>
    public long SubscribedAfterMoveAt => Interlocked.Read(ref _subscribedAfterMoveAt);

    /// <summary>How many offers the first OFFERS event after the last <see cref="MoveTo"/> held.</summary>
    public int FirstOffersAfterMove => Volatile.Read(ref _firstOffersAfterMove);

    /// <summary>Completes with the first offer after the last <see cref="MoveTo"/>.</summary>
    public Task OfferAfterMove => Volatile.Read(ref _offerAfterMove).Task;

    /// <summary>
    /// A new leading master, as a detector would publish it after a failover: the driver dials it
    /// and subscribes again with its framework id (a framework failover), keeping its tasks.
    /// </summary>
    public void MoveTo(System.Net.EndPoint master)
    {
        Interlocked.Exchange(ref _firstOfferAfterMoveAt, 0);
        Interlocked.Exchange(ref _subscribedAfterMoveAt, 0);
        Volatile.Write(ref _offerAfterMove, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Exchange(ref _movedAt, Stopwatch.GetTimestamp());
        _master.Set(master);
    }

    /// <summary>When each task first reported RUNNING (<see cref="Stopwatch"/> timestamps), for the report's plot.</summary>
    public long[] RunningTimes()
    {
        lock (_running)
            return [.. _runningAt];
    }

    /// <summary>Completes when every task of the target has reported RUNNING.</summary>
    public Task AllRunning => _allRunning.Task;

    public Task<SubscribedEvent> StartAsync(CancellationToken cancellationToken) => _driver.StartAsync(cancellationToken);

    void ISchedulerCallbacks.Subscribed(SchedulerDriver driver, SubscribedEvent subscribed)
    {
        if (Interlocked.Read(ref _movedAt) != 0)
            Interlocked.CompareExchange(ref _subscribedAfterMoveAt, Stopwatch.GetTimestamp(), 0);
    }

    void ISchedulerCallbacks.Offers(SchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstOfferAt, now, 0);
        if (Interlocked.Read(ref _movedAt) != 0 && Interlocked.CompareExchange(ref _firstOfferAfterMoveAt, now, 0) == 0)
        {
            Volatile.Write(ref _firstOffersAfterMove, offers.Count);
            Volatile.Read(ref _offerAfterMove).TrySetResult();
        }

        List<OfferId>? declined = null;
        foreach (Offer offer in offers)
        {
            int fit = Fit(offer.Resources);
            int n = Math.Min(fit, _target - _launched);
            if (n <= 0)
            {
                // Done (or nothing fits): a long filter keeps this agent's offers away. Declined
                // together, one call for the batch, as Marathon and Mesos' own frameworks do: after
                // a failover every agent's free resources come back as an offer at once.
                (declined ??= []).Add(offer.Id);
                continue;
            }

            var tasks = new TaskInfo[n];
            for (int i = 0; i < n; i++)
            {
                int k = _launched++;
                tasks[i] = new TaskInfo
                {
                    Name = _profile.Name,
                    TaskId = new TaskId(_profile.Name + "-" + k.ToString(CultureInfo.InvariantCulture)),
                    AgentId = offer.AgentId,
                    Resources = _taskResources,
                    Command = new CommandInfo { Value = "sleep 3600" },
                };
            }

            // Refuse nothing of the remainder: the next allocation may offer it again at once.
            driver.Launch(offer.Id, tasks, new Filters(0));
        }

        if (declined is not null)
            driver.Decline(declined, refuseSeconds: 3600);
    }

    void ISchedulerCallbacks.StatusUpdate(SchedulerDriver driver, MesosTaskStatus status)
    {
        Interlocked.Increment(ref _updates);
        if (status.State != TaskState.Running)
            return;
        bool all;
        long now = Stopwatch.GetTimestamp();
        lock (_running)
        {
            if (!_running.Add(status.TaskId))
                return;
            _runningAt.Add(now);
            all = _running.Count == _target;
        }

        Interlocked.Exchange(ref _lastRunningAt, now);
        if (all)
            _allRunning.TrySetResult();
    }

    private int Fit(Resources offered)
    {
        int fit = int.MaxValue;
        double cpus = _taskResources.Cpus, mem = _taskResources.Mem, disk = _taskResources.Disk;
        // A small epsilon: 8 cpus hold 80 tasks of 0.1 despite binary fractions.
        if (cpus > 0)
            fit = Math.Min(fit, (int)((offered.Cpus + 1e-9) / cpus));
        if (mem > 0)
            fit = Math.Min(fit, (int)((offered.Mem + 1e-9) / mem));
        if (disk > 0)
            fit = Math.Min(fit, (int)((offered.Disk + 1e-9) / disk));
        return fit == int.MaxValue ? 0 : fit;
    }

    /// <summary>Tears the framework down (TEARDOWN: the master kills its tasks and forgets it), then stops.</summary>
    public Task TeardownAsync() => _driver.StopAsync(failover: false);

    public ValueTask DisposeAsync() => _driver.DisposeAsync();
}
