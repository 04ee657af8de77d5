using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Engine.Master;

/// <summary>
/// One framework's tasks by task id (<see cref="FrameworkRecord.Tasks"/>), walked in the order
/// they came. Each task has an entry (its hash, its record, the next entry of its chain) at a dense
/// handle; a bucket holds the handle of its chain's first entry. The table grows by linear hashing:
/// past one task per bucket each add splits one bucket, by one more bit of its tasks' hashes, so it
/// never rebuilds itself, never pauses, and leaves no garbage; entries and buckets are
/// <see cref="SegmentedColumn{T}"/>s, so none of its arrays is a large object, and a removed task's
/// entry is reused by the next add. The order is a list threaded through the records
/// (<see cref="TaskRecord.PrevInFramework"/>, <see cref="TaskRecord.NextInFramework"/>), so pages
/// of <c>/tasks</c> and the tasks of a state document keep their order while the table grows.
/// <para>
/// Why handles and not references: the only references the table writes are an entry's record,
/// at the next free handle — next to the entry before it. Chains of references threaded through the
/// records (the table's layout before) wrote into a random old bucket and, at every split, into
/// random old records; at a million tasks every collection then scanned the cards those writes
/// dirtied all over the old generation, and the master's gen1 pauses grew with its heap to
/// ~100–240 ms each (perf-reports/2026-12-07-task-table-handles/). Ints in the buckets and in the
/// chains dirty no cards.
/// </para>
/// <para>
/// Per task that is a 16-byte entry and ~4 bytes of bucket: a <c>Dictionary&lt;string, TaskRecord&gt;</c>
/// keeps about as much but allocated ~94 bytes per task growing to 10,000 tasks (scenario B), its
/// arrays copied at every doubling (perf-reports/2026-12-05-task-handles.md). Hashes are the
/// runtime's randomized string hashes: task ids come from frameworks, and a predictable hash would
/// let one of them make every lookup in its table slow. Each entry keeps its hash, so a lookup reads
/// an id only when the hash matches (a launch's duplicate check of a new id usually reads no record
/// at all) and a split hashes no id again.
/// </para>
/// Invariants: buckets 0 … (1 &lt;&lt; level) + split − 1 are in use, and a task whose id hashes
/// to h is in the chain of bucket h mod 2^level, or of h mod 2^(level + 1) when that is below the
/// split; handles below <see cref="_handles"/> are handed out, each either in exactly one chain (its
/// record set) or in the free list (its record null); <see cref="Count"/> ≤ the buckets in use;
/// <see cref="_first"/>…<see cref="_last"/> link exactly the <see cref="Count"/> records of the table;
/// a record in no table has no links.
/// </summary>
internal sealed class TaskTable
{
    private const int FirstLevel = 3;   // 8 buckets to start with

    // Links (a bucket, an entry's Next, the free list) hold a handle + 1; 0 ends a chain.
    private const int End = 0;

    private SegmentedColumn<Entry> _entries = new();
    private SegmentedColumn<int> _buckets = NewBuckets();
    private int _handles;   // entries handed out so far
    private int _free = End;   // the first free entry, linked through their Next
    private int _level = FirstLevel;
    private int _split;   // the next bucket to split
    private TaskRecord? _first;
    private TaskRecord? _last;

    // A task's place in the table: its id's hash, the next entry of its chain (a link), its record.
    // A free entry has no record and links the free list.
    private struct Entry
    {
        public int Hash;
        public int Next;
        public TaskRecord? Record;
    }

    public int Count { get; private set; }

    /// <summary>The tasks in the order they came.</summary>
    public TaskTableView Values => new(this);

    internal TaskRecord? First => _first;

    /// <summary>The entries handed out so far: the most tasks the table held at once, since removed tasks' entries are reused.</summary>
    internal int EntriesHandedOut => _handles;

    public bool ContainsKey(string taskId) => FindLink(taskId, Hash(taskId)) != End;

    public bool TryGetValue(string taskId, [MaybeNullWhen(false)] out TaskRecord task)
    {
        int link = FindLink(taskId, Hash(taskId));
        task = link == End ? null : _entries[link - 1].Record;
        return task is not null;
    }

    /// <summary>Adds the task, or puts it in the place of the one with its id (which leaves the table).</summary>
    public TaskRecord this[string taskId]
    {
        set
        {
            if (!string.Equals(value.TaskId, taskId, StringComparison.Ordinal))
                ThrowHelper.ThrowArgument(nameof(taskId), $"task '{value.TaskId}' stored under id '{taskId}'");
            Put(value);
        }
    }

    /// <summary>
    /// Adds <paramref name="task"/> under its id, or puts it in the place of the record with that id
    /// and returns that record (out of the table now); one walk of the chain either way.
    /// </summary>
    public TaskRecord? Put(TaskRecord task)
    {
        if (task.PrevInFramework is not null || task.NextInFramework is not null || _first == task)
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' is already in a framework's table");
        int hash = Hash(task.TaskId);
        ref int link = ref FindLink(task.TaskId, hash);
        if (link != End)
        {
            // The replacement takes the old record's entry and its place in the order.
            ref Entry entry = ref _entries[link - 1];
            TaskRecord old = entry.Record!;
            entry.Record = task;
            Replace(old, task);
            return old;
        }

        // Taking an entry may add a segment, which leaves every existing one (and so the link) where it is.
        int handle = TakeEntry();
        ref Entry added = ref _entries[handle];
        added.Hash = hash;
        added.Next = End;
        added.Record = task;
        link = handle + 1;   // the end of its bucket's chain
        Append(task);
        if (++Count > BucketsInUse)
            Split();
        return null;
    }

    public bool Remove(string taskId) => Remove(taskId, out _);

    public bool Remove(string taskId, [MaybeNullWhen(false)] out TaskRecord task)
    {
        ref int link = ref FindLink(taskId, Hash(taskId));
        if (link == End)
        {
            task = null;
            return false;
        }

        int handle = link - 1;
        ref Entry entry = ref _entries[handle];
        task = entry.Record!;
        link = entry.Next;
        entry.Record = null;
        entry.Hash = 0;
        entry.Next = _free;
        _free = handle + 1;
        Unlink(task);
        Count--;
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
        _entries = new SegmentedColumn<Entry>();
        _buckets = NewBuckets();
        _handles = 0;
        _free = End;
        _level = FirstLevel;
        _split = 0;
        Count = 0;
    }

    private static SegmentedColumn<int> NewBuckets()
    {
        var buckets = new SegmentedColumn<int>();
        buckets.EnsureCapacity(1 << FirstLevel);
        return buckets;
    }

    private static int Hash(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        return taskId.GetHashCode(StringComparison.Ordinal);
    }

    private int BucketsInUse => (1 << _level) + _split;

    private int BucketOf(int hash)
    {
        uint h = (uint)hash;
        int bucket = (int)(h & ((1u << _level) - 1));
        return bucket < _split ? (int)(h & ((2u << _level) - 1)) : bucket;
    }

    /// <summary>The link that holds the entry of the task with this id (a bucket, or the chain's entry before it), or, when none has the id, the <see cref="End"/> link that ends its bucket's chain.</summary>
    private ref int FindLink(string taskId, int hash)
    {
        ref int link = ref _buckets[BucketOf(hash)];
        while (link != End)
        {
            ref Entry entry = ref _entries[link - 1];
            if (entry.Hash == hash && string.Equals(entry.Record!.TaskId, taskId, StringComparison.Ordinal))
                break;
            link = ref entry.Next;
        }

        return ref link;
    }

    /// <summary>A free entry's handle: the last one freed, else a new one.</summary>
    private int TakeEntry()
    {
        if (_free != End)
        {
            int handle = _free - 1;
            _free = _entries[handle].Next;
            return handle;
        }

        _entries.EnsureCapacity(_handles + 1);
        return _handles++;
    }

    /// <summary>Adds one bucket: the chain of bucket <see cref="_split"/> divides between it and the new one.</summary>
    private void Split()
    {
        int from = _split, to = from + (1 << _level);
        _buckets.EnsureCapacity(to + 1);
        uint mask = (2u << _level) - 1;
        int stay = End, move = End;
        for (int link = _buckets[from]; link != End;)
        {
            ref Entry entry = ref _entries[link - 1];
            int next = entry.Next;
            if (((uint)entry.Hash & mask) == (uint)to)
            {
                entry.Next = move;
                move = link;
            }
            else
            {
                entry.Next = stay;
                stay = link;
            }

            link = next;
        }

        _buckets[from] = stay;
        _buckets[to] = move;
        if (++_split == 1 << _level)
        {
            _level++;
            _split = 0;
        }
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
