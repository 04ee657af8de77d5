using System.Collections;

namespace FastMesos.Engine.Master;

/// <summary>
/// A read-only view of one framework's tasks in the order they came (<see cref="FrameworkRecord.TaskList"/>).
/// <c>foreach</c> uses its struct enumerator and allocates nothing; as an
/// <see cref="IEnumerable{T}"/> (LINQ) it boxes. The enumerator reads a record's successor before
/// handing the record out, so the walker may take the record it holds out of the table.
/// </summary>
public readonly struct TaskTableView : IEnumerable<TaskRecord>
{
    private readonly TaskTable _table;

    internal TaskTableView(TaskTable table) => _table = table;

    public int Count => _table.Count;

    public Enumerator GetEnumerator() => new(_table.First);

    IEnumerator<TaskRecord> IEnumerable<TaskRecord>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<TaskRecord>
    {
        private readonly TaskRecord? _first;
        private TaskRecord? _next;
        private TaskRecord? _current;

        internal Enumerator(TaskRecord? first) => _next = _first = first;

        public readonly TaskRecord Current => _current!;

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_next is null)
                return false;
            _current = _next;
            _next = _next.NextInFramework;
            return true;
        }

        public void Reset()
        {
            _next = _first;
            _current = null;
        }

        public readonly void Dispose()
        {
        }
    }
}
