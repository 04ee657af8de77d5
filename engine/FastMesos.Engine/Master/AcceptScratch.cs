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

    /// <summary>The allocator's outcomes of this accept (<see cref="Allocator.Accept(int, ReadOnlySpan{long}, IReadOnlyList{OfferOperation}, double?, AcceptResult)"/> fills it).</summary>
    public AcceptResult Result { get; } = new();

    /// <summary>
    /// The engine's form of the accept's LAUNCH tasks, every operation's in turn: a LAUNCH takes the
    /// slice after <see cref="LaunchCount"/> (an array per operation was ~30 bytes per task).
    /// Invariant: entries past <see cref="LaunchCount"/> are default, so the buffer keeps no task alive.
    /// </summary>
    public TaskLaunch[] Launches { get; private set; } = [];

    public int LaunchCount { get; set; }

    /// <summary>Sizes the collections for an accept of <paramref name="taskCount"/> tasks, so that none grows while it is filled.</summary>
    public void Prepare(int operationCount, int taskCount)
    {
        Operations.EnsureCapacity(operationCount);
        Singles.EnsureCapacity(taskCount);
        TasksById.EnsureCapacity(taskCount);
        Launched.EnsureCapacity(taskCount);
        if (Launches.Length < taskCount)
            Launches = new TaskLaunch[Math.Max(taskCount, Launches.Length * 2)];
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
        Array.Clear(Launches, 0, LaunchCount);
        LaunchCount = 0;
        Result.Reset(offersValid: false, error: null, taskCapacity: 0);
        return keep;
    }
}
