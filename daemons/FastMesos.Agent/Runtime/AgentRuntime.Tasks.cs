using FastMesos.Agent.Containers;
using FastMesos.Messages;
using FastMesos.Transport.Connections;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Agent.Runtime;

public sealed partial class AgentRuntime
{
    private bool _shuttingDown;

    internal void OnRunTask(FrameConnection connection, RunTask message)
    {
        lock (_gate)
        {
            if (!IsCurrent(connection))
            {
                _log($"ignoring task {message.Task.TaskId}: the agent is not registered");
                return;
            }

            Launch(message.Framework, message.Task, message.Task.Executor);
        }
    }

    /// <summary>
    /// A task group runs each task as its own container, all under the group's executor id (Mesos
    /// runs them as nested containers of one default executor). Each task reports its own states;
    /// the group is not killed as a whole when one task fails.
    /// </summary>
    internal void OnRunTaskGroup(FrameConnection connection, RunTaskGroup message)
    {
        lock (_gate)
        {
            if (!IsCurrent(connection))
            {
                _log($"ignoring a task group of executor {message.Executor.ExecutorId}: the agent is not registered");
                return;
            }

            foreach (TaskInfo task in message.Tasks)
                Launch(message.Framework, task, message.Executor);
        }
    }

    /// <summary>
    /// Creates the run's sandbox and checkpoint, reports TASK_STARTING and starts the container
    /// outside the lock; <see cref="OnLaunched"/> takes it from there.
    /// </summary>
    private void Launch(FrameworkInfo frameworkInfo, TaskInfo info, ExecutorInfo? executorInfo)
    {
        if (frameworkInfo.Id is not { } frameworkId || _state.AgentId is not { } agentId)
        {
            _log($"ignoring task {info.TaskId}: the framework has no id");
            return;
        }

        if (_state.Tasks.ContainsKey((frameworkId.Value, info.TaskId.Value)))
        {
            _log($"ignoring task {info.TaskId} of framework {frameworkId}: it is already on this agent");
            return;
        }

        bool commandExecutor = executorInfo is null;
        ExecutorId executorId = executorInfo?.ExecutorId ?? new ExecutorId(info.TaskId.Value);
        if (!AgentPaths.IsSafeSegment(frameworkId.Value) || !AgentPaths.IsSafeSegment(executorId.Value) || !AgentPaths.IsSafeSegment(info.TaskId.Value))
        {
            // The ids would name directories outside the sandbox tree: refuse without touching the disk.
            var refused = new MesosTaskStatus
            {
                TaskId = info.TaskId, State = TaskState.Error, Source = TaskStatusSource.Agent, Reason = TaskStatusReason.TaskInvalid,
                Message = "framework, executor and task ids must be usable as directory names", AgentId = agentId, Timestamp = Now(), Uuid = Guid.NewGuid(),
            };
            _updates.Update(new StatusUpdate(frameworkId, refused, TaskState.Error), null);
            return;
        }

        AgentFramework framework = GetOrAddFramework(frameworkInfo);
        if (framework.ShuttingDown)
        {
            _log($"ignoring task {info.TaskId}: framework {frameworkId} is shutting down");
            return;
        }

        string containerId = Guid.NewGuid().ToString();
        executorInfo ??= new ExecutorInfo
        {
            ExecutorId = executorId,
            FrameworkId = frameworkId,
            Command = info.Command,
            Name = $"Command Executor (Task: {info.TaskId}) (Command: sh -c '{info.Command?.Value}')",
        };
        var task = new AgentTask(frameworkId, info, executorId, commandExecutor, containerId,
            _paths.Sandbox(agentId.Value, frameworkId.Value, executorId.Value, containerId),
            _paths.RunMeta(agentId.Value, frameworkId.Value, executorId.Value, containerId));
        Add(framework, executorInfo, task);

        CommandInfo? command = info.Command ?? executorInfo.Command;
        try
        {
            Directory.CreateDirectory(task.Sandbox);
            CheckpointFiles.PointLink(Path.Combine(_paths.ExecutorSandboxes(agentId.Value, frameworkId.Value, executorId.Value), "latest"), containerId);
            CheckpointFiles.WriteMessage(_paths.TaskInfoFile(_paths.TaskMeta(task.RunMeta, info.TaskId.Value)),
                new RunTask { Framework = framework.Info, Task = commandExecutor ? info : info with { Executor = executorInfo } }, _options.SyncCheckpoints);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(task, TaskStatusReason.ContainerLaunchFailed, $"could not create the sandbox: {e.Message}");
            return;
        }

        SendUpdate(task, TaskState.Starting, TaskStatusSource.Executor, null, null);
        if (command?.Value is null)
        {
            Fail(task, TaskStatusReason.ContainerLaunchFailed, "the task has no command to run");
            return;
        }

        var launch = new ContainerLaunch
        {
            ContainerId = containerId,
            SandboxDirectory = task.Sandbox,
            Command = command,
            Environment = TaskEnvironment.Build(info, frameworkId, agentId, executorId, task.Sandbox, _options.Hostname,
                $"{_options.Ip}:{_options.Port}", command),
            Cpus = info.Resources.Cpus,
            MemoryBytes = (long)(info.Resources.Mem * 1024 * 1024),
            CpuQuota = _options.CgroupsEnableCfs,
        };
        task.Launching = true;
        task.LaunchCancel = new CancellationTokenSource();
        CancellationToken cancel = task.LaunchCancel.Token;
        _ = Task.Run(() => LaunchContainerAsync(task, launch, cancel));
    }

    private async Task LaunchContainerAsync(AgentTask task, ContainerLaunch launch, CancellationToken cancel)
    {
        ContainerHandle? handle = null;
        Exception? error = null;
        try
        {
            handle = await _options.Containerizer.LaunchAsync(launch, cancel).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }

        lock (_gate)
            OnLaunched(task, handle, error);
    }

    private void OnLaunched(AgentTask task, ContainerHandle? handle, Exception? error)
    {
        task.Launching = false;
        task.LaunchCancel?.Dispose();
        task.LaunchCancel = null;
        if (handle is null)
        {
            if (_stopped)
                return;
            if (task.KillRequested)
            {
                Finish(task, TaskState.Killed, TaskStatusSource.Agent, TaskStatusReason.TaskKilledDuringLaunch, "Task killed during launch");
                return;
            }

            _state.Counters.ContainerLaunchErrors++;
            Fail(task, TaskStatusReason.ContainerLaunchFailed, error?.Message ?? "the containerizer returned no container");
            return;
        }

        task.Container = handle;
        try
        {
            CheckpointFiles.WriteContainer(_paths.ContainerFile(task.RunMeta), handle.Checkpoint, _options.SyncCheckpoints);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"could not checkpoint container {task.ContainerId}: {e.Message}; it will not be recovered after a restart");
        }

        if (_stopped)
            return;   // The checkpoint is written: the next runtime on this work dir recovers the container.
        if (task.KillRequested)
            StartKill(task);
        else
        {
            SendUpdate(task, TaskState.Running, TaskStatusSource.Executor, null, null,
                new ContainerStatus { ContainerId = task.ContainerId, ExecutorPid = handle.Pid > 0 ? (uint)handle.Pid : null });
            StartHealthCheck(task);
        }
        _ = WatchAsync(task, handle);
    }

    /// <summary>Waits for the container's end off the lock, then reports it under the lock.</summary>
    private async Task WatchAsync(AgentTask task, ContainerHandle handle)
    {
        ContainerTermination termination;
        try
        {
            termination = await handle.Exited.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            termination = new ContainerTermination { Message = $"the container could not be watched: {e.Message}" };
        }

        lock (_gate)
            OnExited(task, termination);
    }

    /// <summary>
    /// The container ended: TASK_KILLED after a kill, TASK_FAILED with REASON_CONTAINER_LIMITATION_MEMORY
    /// after an OOM kill, TASK_FAILED with REASON_EXECUTOR_TERMINATED when it ended while no agent was
    /// watching and its exit status is unknown (Mesos' <c>sendExecutorTerminatedStatusUpdate</c>),
    /// TASK_FINISHED for exit 0 and TASK_FAILED for anything else.
    /// </summary>
    private void OnExited(AgentTask task, ContainerTermination termination)
    {
        if (_stopped || task.Exited)
            return;
        _state.Counters.ExecutorsTerminated++;
        if (task.KillRequested || termination.Killed)
            Finish(task, TaskState.Killed, TaskStatusSource.Executor, null, task.HealthKillMessage ?? termination.Message);
        else if (termination.OutOfMemory)
            Finish(task, TaskState.Failed, TaskStatusSource.Agent, TaskStatusReason.ContainerLimitationMemory, "Memory limit exceeded: " + termination.Message);
        else if (termination.Recovered && termination.ExitCode is null && termination.Signal is null)
            Finish(task, TaskState.Failed, TaskStatusSource.Agent, TaskStatusReason.ExecutorTerminated,
                "Executor terminated while the agent was down: " + termination.Message);
        else if (termination.ExitCode == 0)
            Finish(task, TaskState.Finished, TaskStatusSource.Executor, null, termination.Message);
        else
            Finish(task, TaskState.Failed, TaskStatusSource.Executor, null, termination.Message);
    }

    private void Fail(AgentTask task, TaskStatusReason reason, string message) =>
        Finish(task, TaskState.Failed, TaskStatusSource.Agent, reason, message);

    /// <summary>
    /// The task's last update. A task of a framework being shut down (or of an agent being shut
    /// down) only records it: nobody will acknowledge, so it completes at once.
    /// </summary>
    private void Finish(AgentTask task, TaskState state, TaskStatusSource source, TaskStatusReason? reason, string? message)
    {
        task.Exited = true;
        StopHealthCheck(task);
        if (_shuttingDown || _state.Frameworks.GetValueOrDefault(task.FrameworkId.Value)?.ShuttingDown == true)
        {
            Record(task, state, null);
            Complete(task);
            return;
        }

        SendUpdate(task, state, source, reason, message);
    }

    internal void OnKillTask(FrameConnection connection, in KillTask kill)
    {
        lock (_gate)
        {
            if (!IsCurrent(connection))
                return;
            if (!_state.Tasks.TryGetValue((kill.FrameworkId.Value, kill.TaskId.Value), out AgentTask? task))
            {
                KillUnknown(kill.FrameworkId, kill.TaskId);
                return;
            }

            if (task.Exited)
                return;   // Its terminal update is on its way.
            Kill(task, kill.KillPolicy?.GracePeriod ?? task.Info.KillPolicy?.GracePeriod ?? _options.ExecutorShutdownGracePeriod);
        }
    }

    /// <summary>
    /// Mesos' agent answers a kill of a task it does not run with TASK_DROPPED (partition-aware
    /// frameworks) or TASK_LOST, REASON_EXECUTOR_TERMINATED, "Cannot find executor"; reliably, so the
    /// master stops believing in the task. It does so here even for a framework it does not know.
    /// </summary>
    private void KillUnknown(FrameworkId frameworkId, TaskId taskId)
    {
        bool partitionAware = _state.Frameworks.TryGetValue(frameworkId.Value, out AgentFramework? fw) && fw.PartitionAware;
        TaskState state = partitionAware ? TaskState.Dropped : TaskState.Lost;
        var status = new MesosTaskStatus
        {
            TaskId = taskId, State = state, Source = TaskStatusSource.Agent, Reason = TaskStatusReason.ExecutorTerminated,
            Message = "Cannot find executor", AgentId = _state.AgentId, Timestamp = Now(), Uuid = Guid.NewGuid(),
        };
        _state.Counters.ValidStatusUpdates++;
        _updates.Update(new StatusUpdate(frameworkId, status, state), null);
    }

    private void Kill(AgentTask task, TimeSpan grace)
    {
        if (task.KillRequested)
            return;
        task.KillRequested = true;
        task.KillGrace = grace;
        StopHealthCheck(task);
        AgentFramework? fw = _state.Frameworks.GetValueOrDefault(task.FrameworkId.Value);
        if (!_shuttingDown && fw is { ShuttingDown: false } && (fw.Info.Capabilities & FrameworkCapabilities.TaskKillingState) != 0)
            SendUpdate(task, TaskState.Killing, TaskStatusSource.Executor, null, null);
        if (task.Launching)
            task.LaunchCancel?.Cancel();
        else if (task.Container is not null)
            StartKill(task);
    }

    /// <summary>SIGTERM now, SIGKILL after the grace period; the end comes back through <see cref="WatchAsync"/>.</summary>
    private void StartKill(AgentTask task)
    {
        ContainerHandle container = task.Container!;
        TimeSpan grace = task.KillGrace;
        _ = Task.Run(async () =>
        {
            try
            {
                await _options.Containerizer.KillAsync(container, grace).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log($"killing container {container.ContainerId} failed: {e.Message}");
            }
        });
    }

    /// <summary>The framework was removed: kill its tasks; their ends are recorded, not reported.</summary>
    internal void OnShutdownFramework(FrameConnection connection, FrameworkId frameworkId)
    {
        lock (_gate)
        {
            if (!IsCurrent(connection) || !_state.Frameworks.TryGetValue(frameworkId.Value, out AgentFramework? fw))
                return;
            _log($"shutting down framework {frameworkId}");
            fw.ShuttingDown = true;
            foreach (AgentTask task in TasksOf(fw))
            {
                if (task.Exited)
                    Complete(task);
                else
                    Kill(task, _options.ExecutorShutdownGracePeriod);
            }
        }
    }

    /// <summary>
    /// Kills every live task (SIGTERM, SIGKILL after <paramref name="grace"/> or the executor
    /// shutdown grace period) and waits until their containers ended; their TASK_KILLED updates
    /// go out as usual. <c>fastmesos local</c> calls it on stop so it leaves no processes behind.
    /// </summary>
    public async Task KillAllAsync(TimeSpan? grace = null)
    {
        TimeSpan period = grace ?? _options.ExecutorShutdownGracePeriod;
        var exits = new List<Task>();
        lock (_gate)
        {
            foreach (AgentTask task in new List<AgentTask>(_state.Tasks.Values))
            {
                if (task.Exited)
                    continue;
                if (task.Container is not null)
                    exits.Add(task.Container.Exited);
                Kill(task, period);
            }
        }

        try
        {
            await Task.WhenAll(exits).WaitAsync(period + TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log($"not every container ended within {period + TimeSpan.FromSeconds(10)} of the kill");
        }
    }

    private static List<AgentTask> TasksOf(AgentFramework fw)
    {
        var tasks = new List<AgentTask>();
        foreach (AgentExecutor executor in fw.Executors.Values)
            tasks.AddRange(executor.Tasks.Values);
        return tasks;
    }

    internal void OnAcknowledgement(FrameConnection connection, in StatusUpdateAcknowledgement ack)
    {
        lock (_gate)
        {
            if (connection != _connection || _stopped)
                return;
            StatusUpdateStream? stream = _updates.Acknowledge(ack.FrameworkId, ack.TaskId, ack.Uuid);
            if (stream is null)
            {
                _state.Counters.InvalidStatusUpdates++;
                return;
            }

            if (!stream.Terminated || stream.Head is not null)
                return;
            if (_state.Tasks.TryGetValue((ack.FrameworkId.Value, ack.TaskId.Value), out AgentTask? task))
                Complete(task);
            else
                _updates.Remove(ack.FrameworkId, ack.TaskId);
        }
    }

    /// <summary>Generates, checkpoints and sends one update of <paramref name="task"/> with a fresh uuid.</summary>
    private void SendUpdate(AgentTask task, TaskState state, TaskStatusSource source, TaskStatusReason? reason, string? message,
        ContainerStatus? container = null)
    {
        var status = new MesosTaskStatus
        {
            TaskId = task.TaskId,
            State = state,
            Source = source,
            Reason = reason,
            Message = message,
            AgentId = _state.AgentId,
            ExecutorId = task.ExecutorId,
            Timestamp = Now(),
            Uuid = Guid.NewGuid(),
            ContainerStatus = container,
            Healthy = task.Healthy,
        };
        Record(task, state, status.Timestamp);
        _state.Counters.ValidStatusUpdates++;
        string path = _paths.TaskUpdatesFile(_paths.TaskMeta(task.RunMeta, task.TaskId.Value));
        try
        {
            _updates.Update(new StatusUpdate(task.FrameworkId, status, state), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mesos aborts the agent when it cannot checkpoint; the update still goes out unrecorded
            // here so the framework hears of it, and the failure is logged for the operator.
            _log($"could not checkpoint an update of task {task.TaskId}: {e.Message}");
            _updates.Remove(task.FrameworkId, task.TaskId);
            _updates.Update(new StatusUpdate(task.FrameworkId, status, state), null);
        }
    }

    private void Record(AgentTask task, TaskState state, double? timestamp)
    {
        if (!task.State.IsTerminal() && state.IsTerminal())
        {
            switch (state)
            {
                case TaskState.Finished: _state.Counters.TasksFinished++; break;
                case TaskState.Failed: _state.Counters.TasksFailed++; break;
                case TaskState.Killed: _state.Counters.TasksKilled++; break;
                case TaskState.Lost: _state.Counters.TasksLost++; break;
            }
        }

        task.State = state;
        task.Statuses.Add(new MesosStatus(state, timestamp ?? Now(), task.Container is null ? null : task.ContainerId));
    }
}
