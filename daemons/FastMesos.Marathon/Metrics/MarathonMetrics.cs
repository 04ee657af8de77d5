using FastMesos.Messages;

namespace FastMesos.Marathon.Metrics;

/// <summary>
/// Marathon's metrics with their 1.7+ names (specs/marathon.md §9). Counters and meters are updated
/// where things happen (the runtime's loop, the HTTP filter); the state gauges read the last
/// <see cref="RuntimeCounts"/> the runtime's loop published (<see cref="Publish"/>), refreshed before
/// every <c>/metrics</c> read and every push report, so a scrape never touches loop-owned state.
/// </summary>
public sealed class MarathonMetrics
{
    public const string DefaultPrefix = "marathon";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Counter[] _taskUpdates;
    private readonly Meter[] _responses;
    private readonly Lock _countsLock = new();
    private RuntimeCounts _counts;
    private long _leaderSince = -1;
    private long _requestsActive;

    public MarathonMetrics(string prefix, TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _started = time.GetTimestamp();
        Registry = new MetricsRegistry(prefix, time);
        MetricsRegistry r = Registry;
        r.Gauge("apps.active.gauge", () => Counts.Apps);
        r.Gauge("groups.active.gauge", () => Counts.Groups);
        r.Gauge("deployments.active.gauge", () => Counts.Deployments);
        r.Gauge("instances.running.gauge", () => Counts.InstancesRunning);
        r.Gauge("instances.staged.gauge", () => Counts.InstancesStaged);
        r.Gauge("instances.launch-overdue.gauge", () => Counts.InstancesLaunchOverdue);
        r.Gauge("uptime.gauge.seconds", () => Math.Floor(_time.GetElapsedTime(_started).TotalSeconds));
        r.Gauge("leadership.duration.gauge.seconds", () =>
            Interlocked.Read(ref _leaderSince) is var since and >= 0 ? Math.Floor(_time.GetElapsedTime(since).TotalSeconds) : 0);
        r.Gauge("http.requests.active.gauge", () => Interlocked.Read(ref _requestsActive));
        Deployments = r.Counter("deployments.counter");
        DeploymentsDismissed = r.Counter("deployments.dismissed.counter");
        TasksLaunched = r.Counter("tasks.launched.counter");
        Revives = r.Counter("mesos.calls.revive.counter");
        Suppresses = r.Counter("mesos.calls.suppress.counter");
        OffersIncoming = r.Counter("mesos.offers.incoming.counter");
        OffersUsed = r.Counter("mesos.offers.used.counter");
        OffersDeclined = r.Counter("mesos.offers.declined.counter");
        LaunchOperations = r.Counter("mesos.offer-operations.launch.counter");
        TaskState[] states = Enum.GetValues<TaskState>();
        _taskUpdates = new Counter[states.Length];
        foreach (TaskState state in states)
            _taskUpdates[(int)state] = r.Counter($"mesos.task-updates.{state.WireName().ToLowerInvariant().Replace('_', '-')}.counter");
        _responses = new Meter[StatusClasses.Length];
        for (int i = 0; i < StatusClasses.Length; i++)
            _responses[i] = r.Meter($"http.responses.{StatusClasses[i]}.rate.meter");
        RequestDuration = r.Timer("http.requests.duration.timer.seconds");
        GetDuration = r.Timer("http.requests.get.duration.timer.seconds");
        PostDuration = r.Timer("http.requests.post.duration.timer.seconds");
        PutDuration = r.Timer("http.requests.put.duration.timer.seconds");
        DeleteDuration = r.Timer("http.requests.delete.duration.timer.seconds");
        RequestBytes = r.Counter("http.requests.size.counter.bytes");
        ResponseBytes = r.Counter("http.responses.size.counter.bytes");
        EventStreamBytes = r.Counter("http.responses.event-stream.size.counter.bytes");
    }

    public MetricsRegistry Registry { get; }

    /// <summary>Deployments started (a plan with steps was accepted).</summary>
    public Counter Deployments { get; }

    /// <summary>Running deployments cancelled: <c>DELETE /v2/deployments/{id}</c>, or replaced by a forced one.</summary>
    public Counter DeploymentsDismissed { get; }

    public Counter TasksLaunched { get; }

    public Counter Revives { get; }

    public Counter Suppresses { get; }

    public Counter OffersIncoming { get; }

    public Counter OffersUsed { get; }

    public Counter OffersDeclined { get; }

    /// <summary>LAUNCH operations sent (one per used offer, whatever the number of tasks in it).</summary>
    public Counter LaunchOperations { get; }

    public MetricTimer RequestDuration { get; }

    public MetricTimer GetDuration { get; }

    public MetricTimer PostDuration { get; }

    public MetricTimer PutDuration { get; }

    public MetricTimer DeleteDuration { get; }

    public Counter RequestBytes { get; }

    public Counter ResponseBytes { get; }

    /// <summary>Bytes of <c>text/event-stream</c> responses (<c>/v2/events</c>), also counted in <see cref="ResponseBytes"/>.</summary>
    public Counter EventStreamBytes { get; }

    /// <summary>The last counts <see cref="Publish"/> stored.</summary>
    public RuntimeCounts Counts
    {
        get
        {
            lock (_countsLock)
                return _counts;
        }
    }

    /// <summary>Counts one status update of <paramref name="state"/> (<c>mesos.task-updates.task-running.counter</c>, …).</summary>
    public void TaskUpdate(TaskState state)
    {
        if ((uint)state < (uint)_taskUpdates.Length)
            _taskUpdates[(int)state].Increment();
    }

    /// <summary>One offer used for <paramref name="tasks"/> launches: one LAUNCH operation.</summary>
    public void RecordLaunch(int tasks)
    {
        OffersUsed.Increment();
        LaunchOperations.Increment();
        TasksLaunched.Add(tasks);
    }

    /// <summary>The runtime's loop publishes its state counts here.</summary>
    public void Publish(RuntimeCounts counts)
    {
        lock (_countsLock)
            _counts = counts;
    }

    /// <summary>This Marathon started leading (the runtime started); <c>leadership.duration.gauge.seconds</c> counts from here.</summary>
    public void BecameLeader() => Interlocked.Exchange(ref _leaderSince, _time.GetTimestamp());

    /// <summary>An HTTP request started; pair with <see cref="RequestEnded"/>.</summary>
    public void RequestStarted() => Interlocked.Increment(ref _requestsActive);

    /// <summary>An HTTP request ended with <paramref name="status"/> after <paramref name="duration"/>.</summary>
    public void RequestEnded(string method, int status, TimeSpan duration)
    {
        Interlocked.Decrement(ref _requestsActive);
        int statusClass = (status / 100) - 1;
        if ((uint)statusClass < (uint)_responses.Length)
            _responses[statusClass].Mark();
        RequestDuration.Record(duration);
        MetricTimer? byMethod = method switch
        {
            "GET" => GetDuration,
            "POST" => PostDuration,
            "PUT" => PutDuration,
            "DELETE" => DeleteDuration,
            _ => null,
        };
        byMethod?.Record(duration);
    }
}
