namespace FastMesos.Engine.Master;

/// <summary>
/// Dense handles for the task records agents host, so an agent's list of its tasks
/// (<see cref="AgentRecord.Tasks"/>) links them by int: a record gets a handle when an agent starts
/// hosting it and gives it back when the agent stops. A list of references threaded through the
/// records wrote each new task into the record of its agent's last task and into the agent's own
/// record — two random old objects per task — and at a million tasks the master's gen1 collections
/// scanned the cards those writes dirtied all over the old generation
/// (perf-reports/2026-12-07-task-table-handles/). The only reference written here is the record,
/// at the next free handle. Not thread-safe (the engine is single-threaded).
/// Invariant: handles below <see cref="_handles"/> are handed out, each either held by exactly one
/// hosted record (its <see cref="TaskRecord.HostHandle"/>) or in the free list (its slot null).
/// </summary>
internal sealed class TaskHandles
{
    private readonly SegmentedColumn<TaskRecord?> _records = new();

    /// <summary>The next free handle after each free one (−1 ends the list); meaningless for handles in use.</summary>
    private readonly SegmentedColumn<int> _nextFree = new();

    private int _handles;
    private int _free = -1;

    /// <summary>The record holding <paramref name="handle"/>.</summary>
    public TaskRecord this[int handle] => _records[handle]!;

    /// <summary>The handles handed out so far: the most records hosted at once, since given-back handles are reused.</summary>
    public int HandedOut => _handles;

    /// <summary>A handle for <paramref name="record"/>: the last one given back, else a new one.</summary>
    public int Take(TaskRecord record)
    {
        int handle;
        if (_free >= 0)
        {
            handle = _free;
            _free = _nextFree[handle];
        }
        else
        {
            handle = _handles++;
            _records.EnsureCapacity(_handles);
            _nextFree.EnsureCapacity(_handles);
        }

        _records[handle] = record;
        return handle;
    }

    /// <summary>Gives <paramref name="handle"/> back; its record no longer holds it.</summary>
    public void Release(int handle)
    {
        _records[handle] = null;
        _nextFree[handle] = _free;
        _free = handle;
    }
}
