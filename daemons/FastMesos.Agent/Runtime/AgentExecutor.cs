using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>An executor of a framework on this agent and the tasks it runs (for <c>/state</c> and re-registration).</summary>
public sealed class AgentExecutor
{
    internal AgentExecutor(ExecutorInfo info, bool commandExecutor)
    {
        Info = info;
        CommandExecutor = commandExecutor;
    }

    public ExecutorInfo Info { get; }

    public ExecutorId ExecutorId => Info.ExecutorId;

    public bool CommandExecutor { get; }

    /// <summary>Live tasks (not yet completed), by task id.</summary>
    public Dictionary<string, AgentTask> Tasks { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Tasks whose terminal update was acknowledged, oldest first, at most
    /// <see cref="AgentOptions.MaxCompletedTasksPerExecutor"/>: a long-lived executor runs task after
    /// task, and each re-registration reports them all.
    /// </summary>
    public Queue<AgentTask> CompletedTasks { get; } = new();

    /// <summary>The sandbox of the newest run (the <c>latest</c> link's target).</summary>
    public string? Directory { get; internal set; }

    public string? ContainerId { get; internal set; }
}
