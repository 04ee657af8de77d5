using FastMesos.Apps.Deployments;
using FastMesos.Apps.Health;
using FastMesos.Apps.Launching;
using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    private readonly HealthProber _prober = new();

    // When each (instance, check) is probed next; a probe in flight is marked with MaxValue.
    private readonly Dictionary<(string InstanceId, int Check), DateTimeOffset> _nextProbe = [];

    /// <summary>
    /// Starts the Marathon-level probes that are due (called each housekeeping tick): every running
    /// instance of an app with HTTP/HTTPS/TCP checks, every <c>intervalSeconds</c> per check.
    /// Results come back to the loop through <see cref="OnHealthResultAsync"/>.
    /// </summary>
    private void ProbeDueHealthChecks(DateTimeOffset now)
    {
        if (_nextProbe.Count > 0)
            ForgetProbesOfGoneInstances();
        foreach (Instance instance in _instances.Values)
        {
            if (!instance.IsRunning || instance.Goal != InstanceGoal.Running || !_apps.TryGetValue(instance.AppId, out AppRuntimeState? app))
                continue;
            IReadOnlyList<HealthCheck> checks = app.App.HealthChecks;
            for (int i = 0; i < checks.Count; i++)
            {
                HealthCheck check = checks[i];
                if (check.IsMesosLevel || HealthProber.PortOf(check, instance) is not { } port)
                    continue;
                var key = (instance.InstanceId, i);
                if (_nextProbe.TryGetValue(key, out DateTimeOffset due) && now < due)
                    continue;
                if (!_prober.TryStart())
                    return;
                _nextProbe[key] = DateTimeOffset.MaxValue;
                string taskId = instance.TaskId;
                int index = i;
                string host = HealthProber.HostOf(instance);
                _ = ProbeAndReportAsync(check, host, port, instance.InstanceId, taskId, index);
            }
        }
    }

    private void ForgetProbesOfGoneInstances()
    {
        List<(string, int)>? gone = null;
        foreach ((string InstanceId, int Check) key in _nextProbe.Keys)
        {
            if (!_instances.ContainsKey(key.InstanceId))
                (gone ??= []).Add(key);
        }
        if (gone is not null)
        {
            foreach ((string, int) key in gone)
                _nextProbe.Remove(key);
        }
    }

    private async Task ProbeAndReportAsync(HealthCheck check, string host, int port, string instanceId, string taskId, int index)
    {
        (bool? passed, string? cause) = await _prober.ProbeAsync(check, host, port).ConfigureAwait(false);
        Post(r => r.OnHealthResultAsync(instanceId, taskId, index, check, passed, cause), "health result");
    }

    /// <summary>
    /// One probe's result: applied with Marathon's rules (<see cref="HealthPolicy"/>); the instance's
    /// health is alive when every check is; a kill verdict kills the task, which is relaunched
    /// after a backoff that the kill increases (specs/marathon.md §4).
    /// </summary>
    private async Task OnHealthResultAsync(string instanceId, string taskId, int index, HealthCheck check, bool? passed, string? cause)
    {
        DateTimeOffset now = Now;
        if (!_instances.TryGetValue(instanceId, out Instance? instance) || instance.TaskId != taskId
            || !_apps.TryGetValue(instance.AppId, out AppRuntimeState? app) || index >= app.App.HealthChecks.Count)
        {
            _nextProbe.Remove((instanceId, index));
            return;
        }
        _nextProbe[(instanceId, index)] = now + TimeSpan.FromSeconds(Math.Max(1, check.IntervalSeconds));
        HealthState[] results = instance.HealthResults ??= new HealthState[app.App.HealthChecks.Count];
        if (results.Length != app.App.HealthChecks.Count)
            instance.HealthResults = results = new HealthState[app.App.HealthChecks.Count];
        bool? wasAlive = results[index].Alive;
        HealthVerdict verdict = HealthPolicy.Apply(ref results[index], check, passed, cause,
            instance.IsRunning, instance.UnreachableSince is not null, instance.StartedAt ?? now, now);
        if (verdict == HealthVerdict.Ignored)
            return;

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
        if (instance.Healthy != healthy)
            PublishHealthChanged(instance, healthy);
        instance.Healthy = healthy;
        // Stored only when the check's verdict flips (not per probe): what a restarted leader shows.
        if (wasAlive != results[index].Alive)
            await StoreHealthAsync(instance).ConfigureAwait(false);
        if (verdict is HealthVerdict.Failed or HealthVerdict.Kill)
            PublishFailedHealthCheck(instance, check);

        if (verdict == HealthVerdict.Kill)
        {
            _log?.Invoke($"W Killing unhealthy task {taskId} of {instance.AppId}: {cause}");
            PublishUnhealthyKill(instance, cause);
            AppDefinition def = app.App;
            _backoff.RecordFailure(instance.AppId, def.Version ?? instance.AppVersion,
                new BackoffStrategy(def.BackoffSeconds, def.BackoffFactor, def.MaxLaunchDelaySeconds), now);
            Kill(instance);
        }

        NotifyRestartProgress(instance);
        await AdvanceDeploymentsAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Whether an instance counts as healthy for deployments: running, and — when its app has health
    /// checks — reported healthy by all of them (no checks: running suffices; specs/marathon.md §4).
    /// </summary>
    private bool CountsAsHealthy(Instance instance) =>
        ReadinessPolicy.ConsideredHealthy(instance.IsRunning, instance.Healthy,
            instance.Healthy != true && _apps.TryGetValue(instance.AppId, out AppRuntimeState? app) && app.App.HealthChecks.Count > 0);
}
