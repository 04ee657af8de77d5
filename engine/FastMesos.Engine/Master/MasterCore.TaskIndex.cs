using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// The counts <c>/metrics/snapshot</c> reports about tasks, kept as tasks come and go instead of
/// counted per request: at a million tasks a snapshot visited every task twice (tens of
/// milliseconds under the master's lock), and monitoring polls it. Every change of a framework's
/// or an agent's task map and every task state change goes through here or
/// <see cref="RecordState"/>.
/// Invariants: <see cref="TasksByState"/>[s] = the <see cref="TaskRecord.Listed"/> tasks in state s,
/// and those are exactly the tasks of the frameworks in <see cref="Frameworks"/>; an agent's used
/// sums = the resources of the tasks whose <see cref="TaskRecord.Host"/> it is that
/// <see cref="UsesResources"/>, and those are exactly the tasks in its <see cref="AgentRecord.Tasks"/>.
/// </summary>
public sealed partial class MasterCore
{
    private const int TaskStateCount = (int)TaskState.Unknown + 1;
    private readonly int[] _tasksByState = new int[TaskStateCount];

    /// <summary>The tasks of the registered frameworks (not removed), by state: index (int)<see cref="TaskState"/>.</summary>
    public ReadOnlySpan<int> TasksByState => _tasksByState;

    /// <summary>Whether a task in <paramref name="state"/> counts in its agent's used resources (Mesos' used: not terminal, not unreachable).</summary>
    public static bool UsesResources(TaskState state) => !state.IsTerminal() && state != TaskState.Unreachable;

    /// <summary>
    /// Puts a new task record into its framework's map and its agent's set. A record of the same
    /// task id it would replace (none in practice: launches with a listed id are refused, recovery
    /// adds only unknown ids) leaves the counts and its agent. Records leave their agent only
    /// through <see cref="RemoveFromHost"/>, always together with leaving their framework's map, so
    /// every record an agent hosts is one its framework lists.
    /// </summary>
    private void AddTask(FrameworkRecord fw, AgentRecord agent, TaskRecord task)
    {
        if (fw.Tasks.Put(task) is { } unlisted)
        {
            Uncount(unlisted);
            RemoveFromHost(unlisted);
            // Its charge goes with it (back to the agent it was on), so no ledger slot is left that
            // no record names.
            if (unlisted.HoldsResources)
                _allocator.UpdateTaskState(unlisted.LedgerSlot, fw.Slot, unlisted.TaskId, TaskState.Killed);
            unlisted.LedgerSlot = -1;
        }

        task.Listed = true;
        _tasksByState[(int)task.State]++;
        agent.AddTask(task);
        if (UsesResources(task.State))
            agent.ChargeUsed(task.Resources, 1);
    }

    /// <summary>Takes a task out of its framework's map (an acknowledged terminal task, a removed framework's).</summary>
    private void Unlist(FrameworkRecord fw, TaskRecord task)
    {
        if (fw.Tasks.Remove(task.TaskId))
            Uncount(task);
    }

    /// <summary>Takes a task its framework's map no longer holds out of <see cref="TasksByState"/> (a removed framework clears its map after this).</summary>
    private void Uncount(TaskRecord task)
    {
        if (task.Listed)
        {
            task.Listed = false;
            _tasksByState[(int)task.State]--;
        }
    }

    /// <summary>Takes a task off the agent that hosts it (its used resources with it); nothing if none does.</summary>
    private static void RemoveFromHost(TaskRecord task)
    {
        if (task.Host is not { } host)
            return;
        host.RemoveTask(task);
        if (UsesResources(task.State))
            host.ChargeUsed(task.Resources, -1);
    }

    /// <summary>Moves a task's counts from its old state to <paramref name="state"/>; called by <see cref="RecordState"/> before the state changes.</summary>
    private void Recount(TaskRecord task, TaskState state)
    {
        TaskState old = task.State;
        if (task.Listed)
        {
            _tasksByState[(int)old]--;
            _tasksByState[(int)state]++;
        }

        if (task.Host is { } host && UsesResources(old) != UsesResources(state))
            host.ChargeUsed(task.Resources, UsesResources(state) ? 1 : -1);
    }
}
