using FastMesos.Agent.Runtime.Health;
using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

public sealed partial class AgentRuntime
{
    // Created with the first checked task; shared by all of them (one HTTP client, one concurrency bound).
    private HealthProbes? _healthProbes;

    /// <summary>
    /// Starts the task's Mesos-level health check (TaskInfo.health_check) once it runs: after a fresh
    /// launch's TASK_RUNNING, or for a running task recovered after an agent restart. Under the lock.
    /// </summary>
    private void StartHealthCheck(AgentTask task)
    {
        if (task.Info.HealthCheck is not { } check || task.Container is not { } container || task.HealthChecker is not null
            || _stopped || task.Exited || task.KillRequested || _state.AgentId is not { } agentId)
            return;
        CommandInfo? command = task.Info.Command;
        Dictionary<string, string> environment = TaskEnvironment.Build(task.Info, task.FrameworkId, agentId, task.ExecutorId, task.Sandbox,
            _options.Hostname, $"{_options.Ip}:{_options.Port}", command);
        // The launcher gives the command's own variables to the task the same way: they win.
        foreach (EnvironmentVariable variable in command?.Environment ?? [])
            environment[variable.Name] = variable.Value;
        var procs = new List<string>(container.Checkpoint.Cgroups.Count);
        foreach (string directory in container.Checkpoint.Cgroups.Values)
        {
            string file = Path.Join(directory, "cgroup.procs");
            if (!procs.Contains(file))
                procs.Add(file);
        }

        _healthProbes ??= new HealthProbes(_time, _options.MaxConcurrentHealthChecks);
        var checker = new TaskHealthChecker(check, new HealthCheckTarget(environment, task.Sandbox, procs), _healthProbes, _time,
            report => OnHealthReport(task, report));
        task.HealthChecker = checker;
        checker.Start();
    }

    /// <summary>Ends the task's health checking (it is being killed or has ended). Under the lock.</summary>
    private static void StopHealthCheck(AgentTask task)
    {
        task.HealthChecker?.Stop();
        task.HealthChecker = null;
    }

    /// <summary>
    /// A health change: a TASK_RUNNING update with <c>healthy</c> and REASON_TASK_HEALTH_CHECK_STATUS_UPDATED
    /// through the reliable update path (Mesos' executor does the same); on a kill verdict the task is
    /// then killed with its kill policy, and its TASK_KILLED carries <c>healthy: false</c> and says why.
    /// </summary>
    private void OnHealthReport(AgentTask task, HealthReport report)
    {
        lock (_gate)
        {
            if (_stopped || task.Exited || task.KillRequested || task.HealthChecker is null)
                return;
            task.Healthy = report.Healthy;
            SendUpdate(task, TaskState.Running, TaskStatusSource.Executor, TaskStatusReason.TaskHealthCheckStatusUpdated, report.Message);
            if (!report.Kill)
                return;
            string message = $"Task killed after {report.ConsecutiveFailures} consecutive failed health checks"
                + (report.Message is { } cause ? ": " + cause : "");
            _log($"killing task {task.TaskId} of framework {task.FrameworkId}: {message}");
            task.HealthKillMessage = message;
            Kill(task, task.Info.KillPolicy?.GracePeriod ?? _options.ExecutorShutdownGracePeriod);
        }
    }
}
