namespace FastMesos.Messages.Tests;

/// <summary>Task states: protobuf numbers, wire names and terminality, as in Mesos' mesos.proto.</summary>
public class TaskStatesTests
{
    [Theory]
    // Launched on the agent, not yet running.
    [InlineData(TaskState.Staging, 6, "TASK_STAGING", false)]
    // The executor is starting the task.
    [InlineData(TaskState.Starting, 0, "TASK_STARTING", false)]
    [InlineData(TaskState.Running, 1, "TASK_RUNNING", false)]
    // Being killed, still holding resources.
    [InlineData(TaskState.Killing, 8, "TASK_KILLING", false)]
    [InlineData(TaskState.Finished, 2, "TASK_FINISHED", true)]
    [InlineData(TaskState.Failed, 3, "TASK_FAILED", true)]
    [InlineData(TaskState.Killed, 4, "TASK_KILLED", true)]
    // Invalid task: never launched.
    [InlineData(TaskState.Error, 7, "TASK_ERROR", true)]
    // Terminal for resource accounting, though the task may come back with its agent.
    [InlineData(TaskState.Lost, 5, "TASK_LOST", true)]
    // Lost before it was launched.
    [InlineData(TaskState.Dropped, 9, "TASK_DROPPED", true)]
    // The agent is unreachable: the task may still be running there, so not terminal.
    [InlineData(TaskState.Unreachable, 10, "TASK_UNREACHABLE", false)]
    // The agent is known gone.
    [InlineData(TaskState.Gone, 11, "TASK_GONE", true)]
    [InlineData(TaskState.GoneByOperator, 12, "TASK_GONE_BY_OPERATOR", true)]
    // The master has no record of the task: not a terminal fact.
    [InlineData(TaskState.Unknown, 13, "TASK_UNKNOWN", false)]
    public void Number_wire_name_and_terminality(TaskState state, int number, string wire, bool terminal)
    {
        Assert.Equal(number, (int)state);
        Assert.Equal(wire, state.WireName());
        Assert.Equal(terminal, state.IsTerminal());
    }

    [Fact]
    public void Every_state_has_its_own_wire_name()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        TaskState[] states = Enum.GetValues<TaskState>();
        Assert.Equal(14, states.Length);
        foreach (TaskState s in states)
            Assert.True(names.Add(s.WireName()), $"{s} shares its wire name");
    }
}
