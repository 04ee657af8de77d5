namespace FastMesos.Engine.Master;

/// <summary>
/// A read-only view of the tasks on one agent (<see cref="AgentRecord.TaskList"/>), in the order
/// they came: enumerable with a struct enumerator, so walking it allocates nothing. The enumerator
/// reads a record's successor before handing the record out, so the walker may take the record it
/// holds off the agent.
/// </summary>
public readonly struct AgentTaskSet
{
    private readonly AgentRecord _agent;

    internal AgentTaskSet(AgentRecord agent) => _agent = agent;

    public int Count => _agent.TaskCount;

    public Enumerator GetEnumerator() => new(_agent.FirstTask);

    public struct Enumerator
    {
        private TaskRecord? _next;
        private TaskRecord? _current;

        internal Enumerator(TaskRecord? first) => _next = first;

        public readonly TaskRecord Current => _current!;

        public bool MoveNext()
        {
            if (_next is null)
                return false;
            _current = _next;
            _next = _next.NextOnHost;
            return true;
        }
    }
}
