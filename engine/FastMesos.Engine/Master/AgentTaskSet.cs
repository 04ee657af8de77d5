namespace FastMesos.Engine.Master;

/// <summary>
/// A read-only view of the tasks on one agent (<see cref="AgentRecord.TaskList"/>): enumerable with
/// the set's struct enumerator, so walking it allocates nothing.
/// </summary>
public readonly struct AgentTaskSet
{
    private readonly HashSet<TaskRecord> _tasks;

    internal AgentTaskSet(HashSet<TaskRecord> tasks) => _tasks = tasks;

    public int Count => _tasks.Count;

    public HashSet<TaskRecord>.Enumerator GetEnumerator() => _tasks.GetEnumerator();
}
