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

    public Enumerator GetEnumerator() => new(_agent.Handles, _agent.FirstTask);

    public struct Enumerator
    {
        private readonly TaskHandles _handles;
        private int _next;
        private TaskRecord? _current;

        internal Enumerator(TaskHandles handles, int first)
        {
            _handles = handles;
            _next = first;
        }

        public readonly TaskRecord Current => _current!;

        public bool MoveNext()
        {
            if (_next < 0)
                return false;
            _current = _handles[_next];
            _next = _current.NextOnHost;
            return true;
        }
    }
}
