using FastMesos.Apps.Health;
using FastMesos.Apps.Launching;
using FastMesos.Apps.Model;
using TaskState = FastMesos.Messages.TaskState;
using TaskStatusReason = FastMesos.Messages.TaskStatusReason;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Marathon.Runtime;

public sealed partial class MarathonRuntime
{
    /// <summary>
    /// A status update's <c>healthy</c> (set by the agent's Mesos-level check) becomes the instance's
    /// health through the same state Marathon-level results use: its <c>healthCheckResults</c> entry
    /// (alive, consecutive failures as reported, first/last success, last failure and its cause), the
    /// instance's <c>Healthy</c> behind <c>tasksHealthy</c>/<c>tasksUnhealthy</c> and deployments,
    /// and the health events. A TASK_KILLED that is unhealthy, of an instance still meant to run, is the agent's health kill:
    /// <c>unhealthy_instance_kill_event</c>, and the kill counts toward the app's backoff as
    /// Marathon-level kills do; the relaunch then follows as for any terminal task. Returns whether
    /// the instance's verdict flipped (then it is worth storing).
    /// </summary>
    private bool ApplyMesosHealth(Instance instance, MesosTaskStatus status)
    {
        if (status.Healthy is not { } healthy)
            return false;
        if (!_apps.TryGetValue(instance.AppId, out AppRuntimeState? app) || MesosHealthChecks.IndexOf(app.App) is var index && index < 0)
        {
            // A task launched by another framework version, or an app changed since: keep the verdict.
            bool flipped = instance.Healthy != healthy;
            instance.Healthy = healthy;
            return flipped;
        }

        AppDefinition def = app.App;
        HealthCheck check = def.HealthChecks[index];
        DateTimeOffset now = Now;
        // Only a health update is a new check result; every later update (TASK_KILLING, the terminal
        // one) repeats the last verdict and must not count as another failure.
        if (status.Reason == TaskStatusReason.TaskHealthCheckStatusUpdated)
        {
            HealthState[] results = instance.HealthResults ??= new HealthState[def.HealthChecks.Count];
            if (results.Length != def.HealthChecks.Count)
                instance.HealthResults = results = new HealthState[def.HealthChecks.Count];
            ref HealthState result = ref results[index];
            if (healthy)
            {
                result.Alive = true;
                result.ConsecutiveFailures = 0;
                result.FirstSuccess ??= now;
                result.LastSuccess = now;
            }
            else
            {
                // The agent reports changes, not every failure: the count is as far as Marathon knows.
                result.Alive = false;
                result.ConsecutiveFailures++;
                result.LastFailure = now;
                result.LastFailureCause = status.Message;
                PublishFailedHealthCheck(instance, check);
            }
        }

        bool changed = instance.Healthy != healthy;
        if (changed)
            PublishHealthChanged(instance, healthy);
        instance.Healthy = healthy;

        // Killed while Marathon still wants it running and unhealthy: the executor's health kill.
        if (status.State == TaskState.Killed && !healthy && instance.Goal == InstanceGoal.Running)
        {
            _log?.Invoke($"W Task {instance.TaskId} of {instance.AppId} was killed by its Mesos health check: {status.Message}");
            PublishUnhealthyKill(instance, status.Message);
            _backoff.RecordFailure(instance.AppId, def.Version ?? instance.AppVersion,
                new BackoffStrategy(def.BackoffSeconds, def.BackoffFactor, def.MaxLaunchDelaySeconds), now);
        }
        return changed;
    }
}
