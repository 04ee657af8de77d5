using FastMesos.Apps.Deployments;
using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    // Instances launched by a running deployment of an app with a readiness check, by instance id
    // (specs/marathon.md §5.4). An entry lives while its deployment runs; an instance without one
    // needs no readiness.
    private readonly Dictionary<string, ReadinessTracking> _readiness = new(StringComparer.Ordinal);

    private ReadinessProber? _readinessProber;

    /// <summary>Marks an instance <paramref name="deployment"/> just launched as needing readiness, when its app has a readiness check.</summary>
    private void TrackReadiness(RunningDeployment? deployment, AppDefinition app, Instance instance)
    {
        if (deployment is not null && app.ReadinessChecks.Count > 0)
            _readiness[instance.InstanceId] = new ReadinessTracking(deployment, instance.AppId, instance.InstanceId);
    }

    /// <summary>A deployment ended (finished or cancelled): its instances need no readiness any more; probes in flight are dropped on return.</summary>
    private void EndReadiness(string deploymentId)
    {
        if (_readiness.Count == 0)
            return;
        List<string>? ended = null;
        foreach (ReadinessTracking tracking in _readiness.Values)
        {
            if (tracking.Deployment.Plan.Id == deploymentId)
                (ended ??= []).Add(tracking.InstanceId);
        }
        if (ended is null)
            return;
        foreach (string id in ended)
        {
            _readiness.Remove(id);
            // Now counted without readiness: another deployment's restart may be waiting on it.
            if (_instances.TryGetValue(id, out Instance? instance))
                NotifyRestartProgress(instance);
        }
        AdvanceSoon();
    }

    /// <summary>Whether an instance counts toward deployments: considered healthy and, when a running deployment tracks its readiness, ready.</summary>
    private bool CountsTowardDeployment(Instance instance)
    {
        if (!CountsAsHealthy(instance))
            return false;
        return _readiness.Count == 0 || !_readiness.TryGetValue(instance.InstanceId, out ReadinessTracking? tracking)
            || ReadinessPolicy.IsReadyFor(tracking.Latest, instance.TaskId);
    }

    /// <summary>
    /// Starts the readiness probes that are due (each housekeeping tick): every tracked instance whose
    /// task is RUNNING and not yet ready, every <c>intervalSeconds</c>. Probing stops once ready, and
    /// restarts for a relaunched task. Results come back through <see cref="OnReadinessResultAsync"/>.
    /// </summary>
    private void ProbeDueReadinessChecks(DateTimeOffset now)
    {
        if (_readiness.Count == 0)
            return;
        List<string>? gone = null;
        foreach (ReadinessTracking tracking in _readiness.Values)
        {
            if (!_instances.TryGetValue(tracking.InstanceId, out Instance? instance) || !_apps.TryGetValue(tracking.AppId, out AppRuntimeState? app)
                || app.App.ReadinessChecks.Count == 0)
            {
                (gone ??= []).Add(tracking.InstanceId);
                continue;
            }
            if (!instance.IsRunning || instance.Goal != InstanceGoal.Running || now < tracking.NextProbe
                || ReadinessPolicy.IsReadyFor(tracking.Latest, instance.TaskId))
                continue;
            ReadinessCheck check = app.App.ReadinessChecks[0];
            if (ReadinessPolicy.PortIndexOf(app.App, check) is not { } index || index >= instance.HostPorts.Count)
                continue;
            _readinessProber ??= new ReadinessProber(_time);
            if (!_readinessProber.TryStart())
                break;
            tracking.NextProbe = DateTimeOffset.MaxValue;
            _ = ProbeReadinessAndReportAsync(_readinessProber, tracking, check, HealthProber.HostOf(instance), instance.HostPorts[index], instance.TaskId);
        }
        if (gone is not null)
        {
            foreach (string id in gone)
                _readiness.Remove(id);
        }
    }

    private async Task ProbeReadinessAndReportAsync(ReadinessProber prober, ReadinessTracking tracking, ReadinessCheck check, string host, int port, string taskId)
    {
        (bool ready, ReadinessResponse? response) = await prober.ProbeAsync(check, host, port).ConfigureAwait(false);
        Post(r => r.OnReadinessResultAsync(tracking, check, taskId, ready, response), "readiness result");
    }

    /// <summary>One probe's answer: recorded for the task probed; a ready one counts toward the deployment at once.</summary>
    private async Task OnReadinessResultAsync(ReadinessTracking tracking, ReadinessCheck check, string taskId, bool ready, ReadinessResponse? response)
    {
        // The deployment ended, or the instance is gone, while the probe ran.
        if (!_readiness.TryGetValue(tracking.InstanceId, out ReadinessTracking? current) || current != tracking
            || !_instances.TryGetValue(tracking.InstanceId, out Instance? instance))
            return;
        tracking.NextProbe = Now + TimeSpan.FromSeconds(Math.Max(1, check.IntervalSeconds));
        if (!instance.IsTask(taskId))
            return;
        tracking.Latest = new ReadinessCheckResult(check.Name, taskId, ready, check.PreserveLastResponse ? response : null);
        if (!ready)
            return;
        _log?.Invoke($"I Task {taskId} of {instance.AppId} is ready");
        NotifyRestartProgress(instance);
        await AdvanceDeploymentsAsync().ConfigureAwait(false);
    }

    /// <summary>The readiness results of <paramref name="appId"/>'s instances, of one deployment or (null) of every running one.</summary>
    internal List<ReadinessCheckResult> ReadinessResults(string appId, RunningDeployment? deployment)
    {
        var results = new List<ReadinessCheckResult>();
        foreach (ReadinessTracking tracking in _readiness.Values)
        {
            if (tracking.AppId == appId && tracking.Latest is { } latest && (deployment is null || tracking.Deployment == deployment))
                results.Add(latest);
        }
        return results;
    }
}
