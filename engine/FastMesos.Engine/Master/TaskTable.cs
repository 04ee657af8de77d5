using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Engine.Master;

/// <summary>
/// One framework's tasks by task id (<see cref="FrameworkRecord.Tasks"/>), walked in the order
/// they came. Lookups go through an open-addressing table of the records themselves (linear
/// probing, at most three quarters full, the key read from the record) with each cell's hash kept
/// beside it, so a probe reads a record only when the hash matches and growing reads no record at
/// all (without the hashes, lookups in a table of 1.2M tasks took 2.5–3× as long as a
/// <c>Dictionary</c>'s and growing paused twice as long; with them both are on par). The order is a
/// list threaded through the records (<see cref="TaskRecord.PrevInFramework"/>,
/// <see cref="TaskRecord.NextInFramework"/>), so pages of <c>/tasks</c> and the tasks of a state
/// document keep their order while the table grows. A <c>Dictionary&lt;string, TaskRecord&gt;</c>
/// kept a 24-byte entry and a bucket per task and allocated ~94 bytes per task growing to 10,000
/// tasks (scenario B); the table keeps 16–32 bytes per task plus the 16 of the links, and
/// allocated ~39 (perf-reports/2026-12-05-task-bytes.md).
/// Hashes are the runtime's randomized string hashes: task ids come from frameworks, and a
/// predictable hash would let one of them make every lookup in its table slow.
/// Invariants: every listed record is in exactly one cell, reachable from its home cell without
/// crossing an empty cell, and the hash beside it is its id's; <see cref="_first"/>…<see cref="_last"/>
/// link exactly the <see cref="Count"/> records of the table; a record in no table has no links.
/// </summary>
internal sealed class TaskTable
{
    private const int MinCapacity = 8;
    private TaskRecord?[] _cells = new TaskRecord?[MinCapacity];
    private int[] _hashes = new int[MinCapacity];   // each filled cell's record's hash: probes compare it before reading the record
    private int _shift = 32 - 3;   // 32 − log2(_cells.Length): the home cell is the top bits of the hash's product
    private TaskRecord? _first;
    private TaskRecord? _last;

    public int Count { get; private set; }

    /// <summary>The tasks in the order they came.</summary>
    public TaskTableView Values => new(this);

    internal TaskRecord? First => _first;

    public bool ContainsKey(string taskId) => Find(taskId) >= 0;

    public bool TryGetValue(string taskId, [MaybeNullWhen(false)] out TaskRecord task)
    {
        int cell = Find(taskId);
        task = cell >= 0 ? _cells[cell] : null;
        return task is not null;
    }

    /// <summary>Adds the task, or puts it in the place of the one with its id (which leaves the table).</summary>
    public TaskRecord this[string taskId]
    {
        set
        {
            if (!string.Equals(value.TaskId, taskId, StringComparison.Ordinal))
                ThrowHelper.ThrowArgument(nameof(taskId), $"task '{value.TaskId}' stored under id '{taskId}'");
            if (value.PrevInFramework is not null || value.NextInFramework is not null || _first == value)
                ThrowHelper.ThrowEngine($"task '{taskId}' is already in a framework's table");
            int cell = Find(taskId);
            if (cell >= 0)
            {
                Replace(_cells[cell]!, value);
                _cells[cell] = value;
                return;
            }

            if (4 * (Count + 1) > 3 * _cells.Length)
                Grow();
            Place(_cells, _hashes, value, Hash(taskId));
            Append(value);
            Count++;
        }
    }

    public bool Remove(string taskId) => Remove(taskId, out _);

    public bool Remove(string taskId, [MaybeNullWhen(false)] out TaskRecord task)
    {
        int hole = Find(taskId);
        if (hole < 0)
        {
            task = null;
            return false;
        }

        task = _cells[hole]!;
        Unlink(task);
        Count--;
        // Backward-shift deletion: the records after the hole move back into it while their home
        // is not cyclically in (hole, j], so no probe chain is cut and no tombstones build up.
        int mask = _cells.Length - 1;
        for (int j = (hole + 1) & mask; _cells[j] is { } next; j = (j + 1) & mask)
        {
            int home = HomeCell(_hashes[j]);
            bool staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (staysPut)
                continue;
            _cells[hole] = next;
            _hashes[hole] = _hashes[j];
            hole = j;
        }

        _cells[hole] = null;
        return true;
    }

    /// <summary>Empties the table; the records lose their links, so none keeps another alive.</summary>
    public void Clear()
    {
        for (TaskRecord? task = _first; task is not null;)
        {
            TaskRecord? next = task.NextInFramework;
            task.PrevInFramework = task.NextInFramework = null;
            task = next;
        }

        _first = _last = null;
        _cells = new TaskRecord?[MinCapacity];
        _hashes = new int[MinCapacity];
        _shift = 32 - 3;
        Count = 0;
    }

    private static int Hash(string taskId) => taskId.GetHashCode(StringComparison.Ordinal);

    private int HomeCell(int hash) => (int)(((uint)hash * 2654435769u) >> _shift);

    private int Find(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        int hash = Hash(taskId);
        int mask = _cells.Length - 1;
        for (int i = HomeCell(hash); ; i = (i + 1) & mask)
        {
            TaskRecord? cell = _cells[i];
            if (cell is null)
                return -1;
            if (_hashes[i] == hash && string.Equals(cell.TaskId, taskId, StringComparison.Ordinal))
                return i;
        }
    }

    private void Place(TaskRecord?[] cells, int[] hashes, TaskRecord task, int hash)
    {
        int mask = cells.Length - 1;
        int i = HomeCell(hash);
        while (cells[i] is not null)
            i = (i + 1) & mask;
        cells[i] = task;
        hashes[i] = hash;
    }

    /// <summary>Doubles the table, placing the records by their kept hashes (no record or id is read).</summary>
    private void Grow()
    {
        TaskRecord?[] old = _cells;
        int[] oldHashes = _hashes;
        var cells = new TaskRecord?[old.Length * 2];
        var hashes = new int[old.Length * 2];
        _shift--;
        for (int i = 0; i < old.Length; i++)
        {
            if (old[i] is { } task)
                Place(cells, hashes, task, oldHashes[i]);
        }

        _cells = cells;
        _hashes = hashes;
    }

    private void Append(TaskRecord task)
    {
        task.PrevInFramework = _last;
        if (_last is null)
            _first = task;
        else
            _last.NextInFramework = task;
        _last = task;
    }

    private void Unlink(TaskRecord task)
    {
        if (task.PrevInFramework is null)
            _first = task.NextInFramework;
        else
            task.PrevInFramework.NextInFramework = task.NextInFramework;
        if (task.NextInFramework is null)
            _last = task.PrevInFramework;
        else
            task.NextInFramework.PrevInFramework = task.PrevInFramework;
        task.PrevInFramework = task.NextInFramework = null;
    }

    /// <summary>Puts <paramref name="replacement"/> in the list where <paramref name="old"/> was.</summary>
    private void Replace(TaskRecord old, TaskRecord replacement)
    {
        replacement.PrevInFramework = old.PrevInFramework;
        replacement.NextInFramework = old.NextInFramework;
        if (old.PrevInFramework is null)
            _first = replacement;
        else
            old.PrevInFramework.NextInFramework = replacement;
        if (old.NextInFramework is null)
            _last = replacement;
        else
            old.NextInFramework.PrevInFramework = replacement;
        old.PrevInFramework = old.NextInFramework = null;
    }
}
