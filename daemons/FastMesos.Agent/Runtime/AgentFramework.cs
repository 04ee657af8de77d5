using FastMesos.Messages;

namespace FastMesos.Agent.Runtime;

/// <summary>A framework with executors on this agent.</summary>
public sealed class AgentFramework
{
    internal AgentFramework(FrameworkInfo info) => Info = info;

    public FrameworkInfo Info { get; internal set; }

    public FrameworkId Id => Info.Id!.Value;

    public Dictionary<string, AgentExecutor> Executors { get; } = new(StringComparer.Ordinal);

    /// <summary>Executors all of whose tasks completed, oldest first (bounded).</summary>
    public Queue<AgentExecutor> CompletedExecutors { get; } = new();

    /// <summary>The master shut the framework down: its tasks are being killed and their updates are not kept.</summary>
    public bool ShuttingDown { get; internal set; }

    public bool PartitionAware => (Info.Capabilities & FrameworkCapabilities.PartitionAware) != 0;
}
