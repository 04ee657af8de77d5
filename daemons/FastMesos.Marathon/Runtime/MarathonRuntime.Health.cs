using FastMesos.Apps.Deployments;
using FastMesos.Apps.Health;
using FastMesos.Apps.Launching;
using FastMesos.Apps.Model;
using FastMesos.Marathon.Runtime.Probing;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime : IHttpProbeSink
{
    private readonly HealthProber _prober = new();

    /// <summary>Marathon-level probes finished so far and how many of them failed (benchmarks, metrics). Thread-safe.</summary>
    internal (long Completed, long Failed) HealthProbes => (_prober.Completed, _prober.Failed);

    // When each (instance, check) is probed next, and whether a probe of it is in flight; keyed by
    // the instance's UUID (an instance keeps no id string).
    private readonly Dictionary<(Guid Instance, int Check), ProbeSchedule> _nextProbe = [];

    // Due TCP/HTTPS probes that found MaxConcurrent in flight: started as results free their slots,
    // not at the next tick (which would cap the rate at MaxConcurrent per second). Plain-HTTP probes
    // never wait here: their prober queues them itself.
    private readonly Queue<(Guid Instance, int Check)> _deferredProbes = new();

    // Results travel from the probes to the loop through this queue; one drain is posted per batch
    // (_drainPosted), not one loop item per probe: per batch the HTTP prober ends
    // (IHttpProbeSink.OnBatchEnd, every ~10 ms), per result for the rarer TCP/HTTPS probes.
    private readonly System.Collections.Concurrent.ConcurrentQueue<HealthResult> _healthResults = new();
    private int _drainPosted;

    /// <summary>
    /// A probe whose due time is within this of now is started at this tick: the housekeeping tick
    /// and the interval are both 1 s, so without the slack a tick that fires a hair early would
    /// skip a check every other second.
    /// </summary>
    private static readonly TimeSpan ProbeSlack = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Starts the Marathon-level probes that are due (called each housekeeping tick): every running
    /// instance of an app with HTTP/HTTPS/TCP checks, every <c>intervalSeconds</c> per check,
    /// counted from the previous probe's start (Marathon's cadence; a probe still in flight is not
    /// doubled). Results come back to the loop in batches (<see cref="DrainHealthResultsAsync"/>).
    /// </summary>
    private void ProbeDueHealthChecks(DateTimeOffset now)
    {
        if (_nextProbe.Count > 0)
            ForgetProbesOfGoneInstances();
        // By app, so that only the instances of apps with leader-run checks are visited (a million
        // unchecked instances cost a scan of them all every second).
        foreach ((string appId, AppRuntimeState app) in _apps)
        {
            if (HasLeaderRunCheck(app.App.HealthChecks))
                ProbeDueHealthChecks(InstancesOf(appId), app.App.HealthChecks, now);
        }
    }

    private static bool HasLeaderRunCheck(IReadOnlyList<HealthCheck> checks)
    {
        for (int i = 0; i < checks.Count; i++)
        {
            if (!checks[i].IsMesosLevel)
                return true;
        }
        return false;
    }

    private void ProbeDueHealthChecks(HashSet<Instance> instances, IReadOnlyList<HealthCheck> checks, DateTimeOffset now)
    {
        foreach (Instance instance in instances)
        {
            if (!instance.IsRunning || instance.Goal != InstanceGoal.Running)
                continue;
            for (int i = 0; i < checks.Count; i++)
            {
                HealthCheck check = checks[i];
                if (check.IsMesosLevel || HealthProber.PortOf(check, instance) is not { } port)
                    continue;
                var key = (instance.Uuid, i);
                if (_nextProbe.TryGetValue(key, out ProbeSchedule schedule) && (schedule.InFlight || schedule.Deferred || now + ProbeSlack < schedule.Due))
                    continue;
                if (check.Protocol != HealthCheckProtocol.Http && !_prober.TryStart())
                {
                    _nextProbe[key] = new ProbeSchedule(schedule.Due, InFlight: false, Deferred: true);
                    _deferredProbes.Enqueue(key);
                    continue;
                }
                StartProbe(key, instance, check, port, now);
            }
        }
    }

    private void StartProbe((Guid Instance, int Check) key, Instance instance, HealthCheck check, int port, DateTimeOffset now)
    {
        _nextProbe[key] = new ProbeSchedule(now + TimeSpan.FromSeconds(Math.Max(1, check.IntervalSeconds)), InFlight: true, Deferred: false);
        if (check.Protocol == HealthCheckProtocol.Http)
            _prober.StartHttp(check, HealthProber.HostOf(instance), port, this, new ProbeTicket(instance.Uuid, instance.TaskId, key.Check));
        else
            _ = ProbeAndReportAsync(check, HealthProber.HostOf(instance), port, instance.Uuid, instance.TaskId, key.Check);
    }

    /// <summary>Starts deferred probes while slots are free (a result just freed one).</summary>
    private void StartDeferredProbes(DateTimeOffset now)
    {
        while (_deferredProbes.Count > 0)
        {
            (Guid Instance, int Check) key = _deferredProbes.Peek();
            if (!_instances.TryGetValue(key.Instance, out Instance? instance) || !instance.IsRunning || instance.Goal != InstanceGoal.Running
                || !_apps.TryGetValue(instance.AppId, out AppRuntimeState? app) || key.Check >= app.App.HealthChecks.Count
                || HealthProber.PortOf(app.App.HealthChecks[key.Check], instance) is not { } port)
            {
                _deferredProbes.Dequeue();
                _nextProbe.Remove(key);
                continue;
            }
            HealthCheck check = app.App.HealthChecks[key.Check];
            // (A check deferred as TCP may be HTTP now, in a newer version of its app: that takes no slot.)
            if (check.Protocol != HealthCheckProtocol.Http && !_prober.TryStart())
                return;
            _deferredProbes.Dequeue();
            StartProbe(key, instance, check, port, now);
        }
    }

    private void ForgetProbesOfGoneInstances()
    {
        List<(Guid, int)>? gone = null;
        foreach ((Guid Instance, int Check) key in _nextProbe.Keys)
        {
            if (!_instances.TryGetValue(key.Instance, out _))
                (gone ??= []).Add(key);
        }
        if (gone is not null)
        {
            foreach ((Guid, int) key in gone)
                _nextProbe.Remove(key);
        }
    }

    /// <summary>A TCP or HTTPS probe: its result frees its slot and is drained at once (they are few).</summary>
    private async Task ProbeAndReportAsync(HealthCheck check, string host, int port, Guid instance, string taskId, int index)
    {
        (bool? passed, string? cause) = await _prober.ProbeAsync(check, host, port).ConfigureAwait(false);
        _prober.Finish(passed);
        _healthResults.Enqueue(new HealthResult(instance, taskId, index, check, passed, cause));
        PostHealthDrain();
    }

    /// <summary>A plain-HTTP probe's result, on the prober's thread: queued; the batch's end posts the drain.</summary>
    void IHttpProbeSink.OnProbed(in ProbeTicket ticket, HealthCheck check, bool? passed, string? cause)
    {
        _prober.Counted(passed);
        _healthResults.Enqueue(new HealthResult(ticket.InstanceUuid, ticket.TaskId, ticket.Index, check, passed, cause));
    }

    void IHttpProbeSink.OnBatchEnd()
    {
        if (!_healthResults.IsEmpty)
            PostHealthDrain();
    }

    private void PostHealthDrain()
    {
        if (Interlocked.Exchange(ref _drainPosted, 1) == 0)
            Post(static r => r.DrainHealthResultsAsync(), "health results");
    }

    /// <summary>
    /// Applies every queued probe result, starts the deferred probes their slots allow, and advances
    /// deployments once per batch — and only when a result changed something a deployment waits for
    /// (a steady stream of passing probes changes nothing; advancing per result scanned every
    /// deployment 10,000 times a second at 10,000 checked tasks).
    /// </summary>
    private async Task DrainHealthResultsAsync()
    {
        // Cleared before draining: a result enqueued after this line posts the next drain itself.
        Volatile.Write(ref _drainPosted, 0);
        DateTimeOffset now = Now;
        bool changed = false;
        int bound = _healthResults.Count;   // bounded: results arriving meanwhile go to the next drain
        for (int n = 0; n < bound && _healthResults.TryDequeue(out HealthResult result); n++)
            changed |= OnHealthResult(result, now);
        foreach (Instance flipped in _healthToStore)
            await StoreHealthAsync(flipped).ConfigureAwait(false);
        _healthToStore.Clear();
        StartDeferredProbes(now);
        if (changed || _pendingOrders.Count > 0)
            await AdvanceDeploymentsAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// One probe's result: applied with Marathon's rules (<see cref="HealthPolicy"/>); the instance's
    /// health is alive when every check is; a kill verdict kills the task, which is relaunched
    /// after a backoff that the kill increases (specs/marathon.md §4). True when the instance's
    /// health changed or it was killed.
    /// </summary>
    // Instances whose check verdict flipped in the current drain: stored once the drain applied every result.
    private readonly List<Instance> _healthToStore = [];

    private bool OnHealthResult(in HealthResult r, DateTimeOffset now)
    {
        string taskId = r.TaskId, cause = r.Cause ?? "";
        int index = r.Index;
        HealthCheck check = r.Check;
        if (!_instances.TryGetValue(r.InstanceUuid, out Instance? instance) || !instance.IsTask(taskId)
            || !_apps.TryGetValue(instance.AppId, out AppRuntimeState? app) || index >= app.App.HealthChecks.Count)
        {
            _nextProbe.Remove((r.InstanceUuid, index));
            return false;
        }
        if (_nextProbe.TryGetValue((r.InstanceUuid, index), out ProbeSchedule schedule))
            _nextProbe[(r.InstanceUuid, index)] = schedule with { InFlight = false };
        HealthState[] results = instance.HealthResults ??= new HealthState[app.App.HealthChecks.Count];
        if (results.Length != app.App.HealthChecks.Count)
            instance.HealthResults = results = new HealthState[app.App.HealthChecks.Count];
        bool? wasAlive = results[index].Alive;
        HealthVerdict verdict = HealthPolicy.Apply(ref results[index], check, r.Passed, r.Cause,
            instance.IsRunning, instance.UnreachableSince is not null, instance.StartedAt ?? now, now);
        if (verdict == HealthVerdict.Ignored)
            return false;

        bool? healthy = true;
        foreach (HealthState result in results)
        {
            if (result.Alive == false)
            {
                healthy = false;
                break;
            }
            if (result.Alive is null)
                healthy = null;
        }
        bool changed = instance.Healthy != healthy;
        if (changed)
            PublishHealthChanged(instance, healthy);
        instance.Healthy = healthy;
        // Stored only when the check's verdict flips (not per probe): what a restarted leader shows.
        if (wasAlive != results[index].Alive)
            _healthToStore.Add(instance);
        if (verdict is HealthVerdict.Failed or HealthVerdict.Kill)
            PublishFailedHealthCheck(instance, check);

        if (verdict == HealthVerdict.Kill)
        {
            _log?.Invoke($"W Killing unhealthy task {taskId} of {instance.AppId}: {cause}");
            PublishUnhealthyKill(instance, r.Cause);
            AppDefinition def = app.App;
            _backoff.RecordFailure(instance.AppId, def.Version ?? instance.AppVersion,
                new BackoffStrategy(def.BackoffSeconds, def.BackoffFactor, def.MaxLaunchDelaySeconds), now);
            Kill(instance);
            changed = true;
        }

        // Cheap (the running deployments), and it may queue orders a restart waits for.
        NotifyRestartProgress(instance);
        return changed;
    }

    /// <summary>
    /// Whether an instance counts as healthy for deployments: running, and — when its app has health
    /// checks — reported healthy by all of them (no checks: running suffices; specs/marathon.md §4).
    /// </summary>
    private bool CountsAsHealthy(Instance instance) =>
        ReadinessPolicy.ConsideredHealthy(instance.IsRunning, instance.Healthy,
            instance.Healthy != true && _apps.TryGetValue(instance.AppId, out AppRuntimeState? app) && app.App.HealthChecks.Count > 0);
}
