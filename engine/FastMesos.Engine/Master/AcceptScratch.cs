using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// The working collections of one ACCEPT in <see cref="MasterCore"/>, kept between accepts so that
/// an accept allocates none of them. Invariant: empty between accepts; nothing outlives the accept
/// that filled it (the RunTasks sent carry the tasks, never these collections).
/// </summary>
internal sealed class AcceptScratch
{
    /// <summary>Past this many tasks an accept's collections are dropped rather than kept: clearing them costs their capacity every time.</summary>
    private const int MaxKeptTasks = 4096;

    public List<OfferOperation> Operations { get; } = [];
    public List<TaskInfo> Singles { get; } = [];
    public Dictionary<string, TaskInfo> TasksById { get; } = new(StringComparer.Ordinal);
    public List<(ExecutorInfo Executor, IReadOnlyList<TaskInfo> Tasks)> Groups { get; } = [];
    public HashSet<string> Launched { get; } = new(StringComparer.Ordinal);

    /// <summary>Sizes the collections for an accept of <paramref name="taskCount"/> tasks, so that none grows while it is filled.</summary>
    public void Prepare(int operationCount, int taskCount)
    {
        Operations.EnsureCapacity(operationCount);
        Singles.EnsureCapacity(taskCount);
        TasksById.EnsureCapacity(taskCount);
        Launched.EnsureCapacity(taskCount);
    }

    /// <summary>Empties the collections; false when an accept made them too large to be worth keeping.</summary>
    public bool Clear()
    {
        bool keep = Singles.Capacity <= MaxKeptTasks;
        Operations.Clear();
        Singles.Clear();
        TasksById.Clear();
        Groups.Clear();
        Launched.Clear();
        return keep;
    }
}
