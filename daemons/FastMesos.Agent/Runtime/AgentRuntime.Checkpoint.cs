using FastMesos.Agent.Containers;
using FastMesos.Messages;
using FastMesos.Transport.Connections;

namespace FastMesos.Agent.Runtime;

public sealed partial class AgentRuntime
{
    /// <summary>slave.info and the <c>meta/slaves/latest</c> link: from now on a restart recovers this agent.</summary>
    private void CheckpointAgent()
    {
        string id = _state.AgentId!.Value.Value;
        var info = new AgentInfo
        {
            Hostname = _options.Hostname,
            Port = _options.Port,
            Id = _state.AgentId,
            Resources = _options.Resources,
            Attributes = _options.Attributes,
        };
        CheckpointFiles.WriteMessage(_paths.AgentInfoFile(id), new RegisterAgent { Agent = info, Version = _options.Version }, _options.SyncCheckpoints);
        CheckpointFiles.PointLink(_paths.LatestAgentLink, id);
    }

    private AgentFramework GetOrAddFramework(FrameworkInfo info)
    {
        string id = info.Id!.Value.Value;
        if (_state.Frameworks.TryGetValue(id, out AgentFramework? fw))
        {
            if (fw.Info == info)
                return fw;
            fw.Info = info;
        }
        else
        {
            fw = new AgentFramework(info);
            _state.Frameworks[id] = fw;
        }

        // framework.info holds the FrameworkInfo in its SUBSCRIBE envelope: the codec's unit of storage is a message.
        CheckpointFiles.WriteMessage(_paths.FrameworkInfoFile(_state.AgentId!.Value.Value, id), new SubscribeCall { Framework = info }, _options.SyncCheckpoints);
        return fw;
    }

    private void Add(AgentFramework framework, ExecutorInfo executorInfo, AgentTask task)
    {
        if (!framework.Executors.TryGetValue(task.ExecutorId.Value, out AgentExecutor? executor))
        {
            executor = new AgentExecutor(executorInfo, task.CommandExecutor);
            framework.Executors[task.ExecutorId.Value] = executor;
        }

        executor.Directory = task.Sandbox;
        executor.ContainerId = task.ContainerId;
        executor.Tasks[task.TaskId.Value] = task;
        _state.Tasks[(task.FrameworkId.Value, task.TaskId.Value)] = task;
    }

    /// <summary>
    /// The task's life on this agent is over (its terminal update was acknowledged, or its framework
    /// is gone): its stream and run checkpoint are removed, the sandbox stays for the operator and
    /// the task moves to its executor's completed list, the executor and framework following when empty.
    /// </summary>
    private void Complete(AgentTask task)
    {
        if (task.Completed)
            return;
        task.Completed = true;
        _updates.Remove(task.FrameworkId, task.TaskId);
        _state.Tasks.Remove((task.FrameworkId.Value, task.TaskId.Value));
        CheckpointFiles.DeleteTree(task.RunMeta, _log);
        if (!_state.Frameworks.TryGetValue(task.FrameworkId.Value, out AgentFramework? fw)
            || !fw.Executors.TryGetValue(task.ExecutorId.Value, out AgentExecutor? executor))
            return;
        executor.Tasks.Remove(task.TaskId.Value);
        executor.CompletedTasks.Enqueue(task);
        while (executor.CompletedTasks.Count > _options.MaxCompletedTasksPerExecutor)
            executor.CompletedTasks.Dequeue();
        if (executor.Tasks.Count > 0)
            return;
        fw.Executors.Remove(task.ExecutorId.Value);
        fw.CompletedExecutors.Enqueue(executor);
        while (fw.CompletedExecutors.Count > _options.MaxCompletedExecutorsPerFramework)
            fw.CompletedExecutors.Dequeue();
        if (fw.Executors.Count > 0)
            return;
        _state.Frameworks.Remove(fw.Id.Value);
        if (_state.AgentId is { } agentId)
            CheckpointFiles.DeleteTree(_paths.FrameworkMeta(agentId.Value, fw.Id.Value), _log);
        _state.CompletedFrameworks.Enqueue(fw);
        while (_state.CompletedFrameworks.Count > _options.MaxCompletedFrameworks)
            _state.CompletedFrameworks.Dequeue();
    }

    /// <summary>Removes the checkpoint (Mesos <c>--recover=cleanup</c>, or after the master shut this agent down).</summary>
    private void ForgetCheckpoint()
    {
        try
        {
            if (new FileInfo(_paths.LatestAgentLink).LinkTarget is not null)
                File.Delete(_paths.LatestAgentLink);
        }
        catch (IOException e)
        {
            _log($"could not remove {_paths.LatestAgentLink}: {e.Message}");
        }

        CheckpointFiles.DeleteTree(_paths.MetaRoot, _log);
    }

    /// <summary>
    /// ShutdownAgent: the master will not have this agent (it was removed, or refused its
    /// re-registration). Every task is killed and recorded without updates, the checkpoint is
    /// forgotten, and the runtime either registers again as a new agent or stops.
    /// </summary>
    internal void OnShutdownAgent(FrameConnection connection, string message)
    {
        List<Task> exits = [];
        lock (_gate)
        {
            if (_stopped || connection != _connection || _shuttingDown)
                return;
            _log($"the master shut this agent down: {message}");
            _shuttingDown = true;
            foreach (AgentTask task in new List<AgentTask>(_state.Tasks.Values))
            {
                if (task.Exited)
                {
                    Complete(task);
                    continue;
                }

                if (task.Container is not null)
                    exits.Add(task.Container.Exited);
                Kill(task, _options.ExecutorShutdownGracePeriod);
            }
        }

        _ = FinishShutdownAsync(exits, connection);
    }

    private async Task FinishShutdownAsync(List<Task> exits, FrameConnection connection)
    {
        try
        {
            await Task.WhenAll(exits).WaitAsync(_options.ExecutorShutdownGracePeriod + TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log($"not every container ended during the agent shutdown: {e.Message}");
        }

        lock (_gate)
        {
            ForgetCheckpoint();
            foreach (AgentTask task in new List<AgentTask>(_state.Tasks.Values))
                Complete(task);
            _updates.Clear();
            _state.AgentId = null;
            _state.Registered = false;
            _shuttingDown = false;
            if (_stopped)
                return;   // Disposed meanwhile: DisposeAsync already stopped everything.
            if (_options.RejoinAfterShutdown)
            {
                // The dialer reconnects and OnConnected sends a RegisterAgent without an id.
                connection.Close(CloseReason.LocalClose, "rejoining as a new agent");
                return;
            }

            _stopped = true;
        }

        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the checkpoint back (Mesos <c>--recover=reconnect</c>): the agent id, each framework, and
    /// each run's task, status update stream and container. Live containers are reattached through
    /// <see cref="IContainerizer.Recover"/>; one that ended while the agent was away reports its end
    /// (see <see cref="OnExited"/>); a run whose container was never checkpointed (the agent died
    /// mid-launch) fails with REASON_EXECUTOR_TERMINATED. Unacknowledged updates are resent once the
    /// agent has re-registered under its old id.
    /// </summary>
    private void RecoverCheckpoint()
    {
        string? agentId = new FileInfo(_paths.LatestAgentLink).LinkTarget;
        if (agentId is null)
            return;
        agentId = Path.GetFileName(agentId);
        try
        {
            RegisterAgent saved = CheckpointFiles.ReadMessage<RegisterAgent>(_paths.AgentInfoFile(agentId));
            _state.AgentId = saved.Agent.Id ?? new AgentId(agentId);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            _log($"the checkpoint of agent {agentId} is unreadable ({e.Message}): starting as a new agent");
            _state.Counters.RecoveryErrors++;
            ForgetCheckpoint();
            return;
        }

        _state.Recovered = true;
        var watch = new List<(AgentTask Task, ContainerHandle Handle)>();
        var lostLaunches = new List<AgentTask>();
        string frameworksDir = Path.Combine(_paths.AgentMeta(agentId), "frameworks");
        foreach (string runMeta in RunDirectories(frameworksDir))
            RecoverRun(runMeta, watch, lostLaunches);

        foreach (AgentTask task in lostLaunches)
            Fail(task, TaskStatusReason.ExecutorTerminated, "The agent restarted before the container was checkpointed");
        foreach ((AgentTask task, ContainerHandle handle) in watch)
        {
            _ = Task.Run(() => WatchAsync(task, handle));
            if (task.State == TaskState.Running)
                StartHealthCheck(task);
        }
        _log($"recovered agent {agentId} with {_state.Tasks.Count} tasks");
    }

    private static IEnumerable<string> RunDirectories(string frameworksDir)
    {
        if (!Directory.Exists(frameworksDir))
            yield break;
        foreach (string fw in Directory.EnumerateDirectories(frameworksDir))
        {
            string executors = Path.Combine(fw, "executors");
            if (!Directory.Exists(executors))
                continue;
            foreach (string executor in Directory.EnumerateDirectories(executors))
            {
                string runs = Path.Combine(executor, "runs");
                if (!Directory.Exists(runs))
                    continue;
                foreach (string run in Directory.EnumerateDirectories(runs))
                    yield return run;
            }
        }
    }

    private void RecoverRun(string runMeta, List<(AgentTask, ContainerHandle)> watch, List<AgentTask> lostLaunches)
    {
        string tasksDir = Path.Combine(runMeta, "tasks");
        if (!Directory.Exists(tasksDir))
            return;
        string containerId = Path.GetFileName(runMeta);
        foreach (string taskMeta in Directory.EnumerateDirectories(tasksDir))
        {
            RunTask saved;
            try
            {
                saved = CheckpointFiles.ReadMessage<RunTask>(_paths.TaskInfoFile(taskMeta));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                _log($"skipping run {runMeta}: {e.Message}");
                _state.Counters.RecoveryErrors++;
                continue;
            }

            if (saved.Framework.Id is not { } frameworkId || !AgentPaths.IsSafeSegment(frameworkId.Value))
            {
                _log($"skipping run {runMeta}: its task.info names no usable framework id");
                _state.Counters.RecoveryErrors++;
                continue;
            }

            TaskInfo info = saved.Task;
            StatusUpdateStream stream = _updates.Recover(frameworkId, info.TaskId, _paths.TaskUpdatesFile(taskMeta));
            if (stream.Terminated && stream.Head is null)
            {
                // Completed before the restart; only the cleanup was missed.
                _updates.Remove(frameworkId, info.TaskId);
                CheckpointFiles.DeleteTree(runMeta, _log);
                continue;
            }

            bool commandExecutor = info.Executor is null;
            ExecutorId executorId = info.Executor?.ExecutorId ?? new ExecutorId(info.TaskId.Value);
            ExecutorInfo executorInfo = info.Executor ?? new ExecutorInfo { ExecutorId = executorId, FrameworkId = frameworkId, Command = info.Command };
            var task = new AgentTask(frameworkId, commandExecutor ? info : info with { Executor = null }, executorId, commandExecutor, containerId,
                _paths.Sandbox(_state.AgentId!.Value.Value, frameworkId.Value, executorId.Value, containerId), runMeta);
            AgentFramework fw = _state.Frameworks.TryGetValue(frameworkId.Value, out AgentFramework? known) ? known : GetOrAddFramework(saved.Framework);
            Add(fw, executorInfo, task);
            foreach (StatusUpdate update in stream.Replayed)
                task.Statuses.Add(new MesosStatus(update.Status.State, update.Status.Timestamp, containerId));
            stream.Replayed.Clear();
            task.State = stream.LatestState ?? TaskState.Staging;
            if (task.State.IsTerminal())
            {
                task.Exited = true;   // Its terminal update waits in the stream.
                continue;
            }

            string containerFile = _paths.ContainerFile(runMeta);
            if (!File.Exists(containerFile))
            {
                lostLaunches.Add(task);
                continue;
            }

            try
            {
                ContainerHandle handle = _options.Containerizer.Recover(CheckpointFiles.ReadContainer(containerFile));
                task.Container = handle;
                watch.Add((task, handle));
            }
            catch (Exception e)
            {
                _log($"could not recover container {containerId} of task {info.TaskId}: {e.Message}");
                _state.Counters.RecoveryErrors++;
                lostLaunches.Add(task);
            }
        }
    }
}
