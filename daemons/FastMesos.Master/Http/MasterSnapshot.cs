using System.Buffers;
using System.Runtime.CompilerServices;
using FastMesos.Engine.Master;
using FastMesos.Messages;

namespace FastMesos.Master.Http;

/// <summary>
/// What the master's documents (<c>/master/state</c>, <c>state-summary</c>, <c>frameworks</c>,
/// <c>slaves</c>, <c>tasks</c>) show, copied from the core in one pass under the master's lock so
/// that they are written after it is released: rendering 10,000 agents and 100,000 tasks takes
/// ~80 ms, and while it held the lock no message was handled, no allocation ran and the
/// connection threads piled up on the lock (heartbeat p99 24 ms during back-to-back queries).
/// Mesos 1.7 took state serving off its master actor for the same reason.
/// <para>
/// Invariants: the copy is consistent (one lock hold); it keeps references only to what never
/// changes after it is created (task definitions, agent and framework infos as they were, offers,
/// the options) and copies every field that can change (states, status histories, times, flags,
/// each record's task lists). Its arrays are rented from the shared pools and returned, cleared,
/// by <see cref="Dispose"/>.
/// </para>
/// </summary>
internal sealed class MasterSnapshot : IDisposable
{
    // Sizes of the last snapshot: the next one rents arrays that large at once instead of growing
    // them under the lock. Only hints: several masters in one process may overwrite each other's.
    private static int s_agentHint;
    private static int s_taskHint;
    private static int s_statusHint;

    // The shortest array rented: Grow doubles, so never from 0.
    private const int MinLength = 16;

    private AgentView[] _agents;
    private int _agentCount;
    private FrameworkView[] _frameworks;
    private int _frameworkCount;
    private int _activeFrameworkCount;
    private TaskView[] _tasks;
    private int _taskCount;
    private TaskView[] _agentTasks;
    private int _agentTaskCount;
    private (TaskState State, double Timestamp)[] _statuses;
    private int _statusCount;
    private Offer[] _offers;
    private int _offerCount;
    private bool _disposed;

    private MasterSnapshot(MasterOptions options, double startTime, string pid)
    {
        Options = options;
        StartTime = startTime;
        Pid = pid;
        _agents = Rent<AgentView>(Volatile.Read(ref s_agentHint));
        _agentTasks = Rent<TaskView>(Volatile.Read(ref s_taskHint));
        _tasks = Rent<TaskView>(Volatile.Read(ref s_taskHint));
        _statuses = Rent<(TaskState, double)>(Volatile.Read(ref s_statusHint));
        _frameworks = Rent<FrameworkView>(MinLength);
        _offers = Rent<Offer>(Volatile.Read(ref s_agentHint));
    }

    public MasterOptions Options { get; }

    public double StartTime { get; }

    /// <summary>The master's pid, <c>master@ip:port</c>.</summary>
    public string Pid { get; }

    /// <summary>Every agent the master knows, in the core's order, whatever its state.</summary>
    public ReadOnlySpan<AgentView> Agents => _agents.AsSpan(0, _agentCount);

    /// <summary>The frameworks the master has not removed, in the core's order.</summary>
    public ReadOnlySpan<FrameworkView> Frameworks => _frameworks.AsSpan(0, _activeFrameworkCount);

    /// <summary>The removed frameworks the master remembers.</summary>
    public ReadOnlySpan<FrameworkView> CompletedFrameworks => _frameworks.AsSpan(_activeFrameworkCount, _frameworkCount - _activeFrameworkCount);

    /// <summary>The state document's <c>activated_slaves</c>, <c>deactivated_slaves</c> and <c>unreachable_slaves</c> (recovered agents count in none).</summary>
    public (int Active, int Inactive, int Unreachable) AgentCounts()
    {
        int active = 0, inactive = 0, unreachable = 0;
        foreach (ref readonly AgentView agent in Agents)
        {
            switch (agent.State)
            {
                case AgentState.Connected: active++; break;
                case AgentState.Disconnected: inactive++; break;
                case AgentState.Recovered: break;
                default: unreachable++; break;
            }
        }

        return (active, inactive, unreachable);
    }

    /// <summary>Agents and tasks copied.</summary>
    public int Size => _agentCount + _taskCount;

    /// <summary>The outstanding offers, in the core's order.</summary>
    public ReadOnlySpan<Offer> Offers => _offers.AsSpan(0, _offerCount);

    /// <summary>Every task the framework has (unreachable ones included), in its record's order.</summary>
    public ReadOnlySpan<TaskView> TasksOf(in FrameworkView framework) => _tasks.AsSpan(framework.TaskStart, framework.TaskCount);

    /// <summary>The framework's completed tasks, oldest first.</summary>
    public ReadOnlySpan<TaskView> CompletedTasksOf(in FrameworkView framework) => _tasks.AsSpan(framework.CompletedStart, framework.CompletedCount);

    /// <summary>The tasks on the agent (their histories are not copied here; the framework's views have them).</summary>
    public ReadOnlySpan<TaskView> TasksOf(in AgentView agent) => _agentTasks.AsSpan(agent.TaskStart, agent.TaskCount);

    /// <summary>The task's state changes as (state, timestamp seconds), oldest first.</summary>
    public ReadOnlySpan<(TaskState State, double Timestamp)> Statuses(in TaskView task) => _statuses.AsSpan(task.StatusStart, task.StatusCount);

    /// <summary>Copies <paramref name="core"/>; call it under the master's lock, and dispose the copy when written.</summary>
    public static MasterSnapshot Take(MasterCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var s = new MasterSnapshot(core.Options, core.StartTime, MasterJson.Pid(core));
        try
        {
            foreach (AgentRecord agent in core.Agents)
            {
                int start = s._agentTaskCount;
                foreach (TaskRecord task in agent.TaskList)
                    Append(ref s._agentTasks, ref s._agentTaskCount, new TaskView(task, task.State, 0, 0));
                Append(ref s._agents, ref s._agentCount, new AgentView(
                    agent.Id, agent.Address, agent.Info, agent.State, agent.Version, agent.RegisteredTime, agent.ReregisteredTime, start, s._agentTaskCount - start));
            }

            foreach (FrameworkRecord fw in core.Frameworks)
                s.AddFramework(fw);
            s._activeFrameworkCount = s._frameworkCount;
            foreach (FrameworkRecord fw in core.CompletedFrameworks)
                s.AddFramework(fw);
            foreach (Offer offer in core.OutstandingOffers)
                Append(ref s._offers, ref s._offerCount, offer);
        }
        catch
        {
            s.Dispose();
            throw;
        }

        Volatile.Write(ref s_agentHint, Math.Max(s._agentCount, s._offerCount));
        Volatile.Write(ref s_taskHint, Math.Max(s._taskCount, s._agentTaskCount));
        Volatile.Write(ref s_statusHint, s._statusCount);
        return s;
    }

    private void AddFramework(FrameworkRecord fw)
    {
        int start = _taskCount;
        foreach (TaskRecord task in fw.TaskList)
            AddTask(task);
        int completedStart = _taskCount;
        foreach (TaskRecord task in fw.CompletedTaskList)
            AddTask(task);
        Append(ref _frameworks, ref _frameworkCount, new FrameworkView(
            fw.Id, fw.Info, fw.Active, fw.Connected, fw.RegisteredTime, fw.ReregisteredTime, fw.UnregisteredTime,
            start, completedStart - start, completedStart, _taskCount - completedStart));
    }

    private void AddTask(TaskRecord task)
    {
        int start = _statusCount;
        for (int i = 0; i < task.StatusCount; i++)
            Append(ref _statuses, ref _statusCount, task.StatusAt(i));
        Append(ref _tasks, ref _taskCount, new TaskView(task, task.State, start, _statusCount - start));
    }

    private static void Append<T>(ref T[] array, ref int count, in T item)
    {
        if (count == array.Length)
            Grow(ref array);
        array[count++] = item;
    }

    private static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(Math.Max(length, MinLength));

    private static void Grow<T>(ref T[] array)
    {
        T[] larger = Rent<T>(array.Length * 2);
        array.AsSpan().CopyTo(larger);
        Return(array, array.Length);
        array = larger;
    }

    private static void Return<T>(T[] array, int used)
    {
        // Cleared so that a pooled array does not keep records, infos and offers alive.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            array.AsSpan(0, used).Clear();
        ArrayPool<T>.Shared.Return(array);
    }

    /// <summary>Returns the arrays to their pools; the spans handed out before are invalid after.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Return(_agents, _agentCount);
        Return(_frameworks, _frameworkCount);
        Return(_tasks, _taskCount);
        Return(_agentTasks, _agentTaskCount);
        Return(_statuses, _statusCount);
        Return(_offers, _offerCount);
        _agents = [];
        _frameworks = [];
        _tasks = [];
        _agentTasks = [];
        _statuses = [];
        _offers = [];
        _agentCount = _frameworkCount = _activeFrameworkCount = _taskCount = _agentTaskCount = _statusCount = _offerCount = 0;
    }
}
