using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>What the master knows of one framework. Mutated only by <see cref="MasterCore"/>.</summary>
public sealed class FrameworkRecord
{
    internal FrameworkRecord(string id, FrameworkInfo info, int maxCompletedTasks)
    {
        Id = id;
        Info = info;
        CompletedTaskList = new CompletedTaskHistory(id, maxCompletedTasks);
    }

    public string Id { get; }

    public FrameworkInfo Info { get; internal set; }

    /// <summary>The allocator slot; -1 once removed.</summary>
    internal int Slot { get; set; } = -1;

    /// <summary>The scheduler connection's peer number while subscribed, else -1.</summary>
    internal int Peer { get; set; } = -1;

    public bool Connected => Peer >= 0;

    public bool Active { get; internal set; }

    /// <summary>Removed (torn down or failed over past its timeout): kept only in the completed list.</summary>
    public bool Removed { get; internal set; }

    public double RegisteredTime { get; internal set; }

    public double? ReregisteredTime { get; internal set; }

    public double? UnregisteredTime { get; internal set; }

    /// <summary>When a disconnected framework is removed (a TimeProvider timestamp), or null.</summary>
    internal long? FailoverDeadline { get; set; }

    /// <summary>Known tasks not yet terminal-and-acknowledged, by task id, in the order they came.</summary>
    internal TaskTable Tasks { get; } = new();

    /// <summary>The framework's tasks in the order they came (a read-only view: its struct enumerator walks them without allocating).</summary>
    public TaskTableView TaskList => Tasks.Values;

    /// <summary>
    /// The newest completed tasks, oldest first, at most MaxCompletedTasksPerFramework (its struct
    /// enumerator walks them without allocating; only <see cref="MasterCore"/> adds to it).
    /// </summary>
    public CompletedTaskHistory CompletedTaskList { get; }

    /// <summary>The role a task of this framework is charged to when its resources name none (its first role, or *).</summary>
    internal string DefaultRole => Info.Roles.Count > 0 ? Info.Roles[0] : "*";

    public bool PartitionAware => (Info.Capabilities & Messages.FrameworkCapabilities.PartitionAware) != 0;
}
