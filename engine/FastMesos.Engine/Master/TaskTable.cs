using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Engine.Master;

/// <summary>
/// One framework's tasks by task id (<see cref="FrameworkRecord.Tasks"/>), walked in the order
/// they came. Lookups go through a hash table of chains threaded through the records themselves
/// (<see cref="TaskRecord.NextInBucket"/>), grown by linear hashing: past one task per bucket each
/// add splits one bucket, by one more bit of its tasks' hashes, so the table never rebuilds
/// itself, never pauses, and leaves no garbage; its buckets are a <see cref="SegmentedColumn{T}"/>,
/// so none of its arrays is a large object. The order is a list threaded through the records
/// (<see cref="TaskRecord.PrevInFramework"/>, <see cref="TaskRecord.NextInFramework"/>), so pages
/// of <c>/tasks</c> and the tasks of a state document keep their order while the table grows.
/// Per task that is the record's three links and ~8 bytes of bucket: a
/// <c>Dictionary&lt;string, TaskRecord&gt;</c> kept a 24-byte entry and a bucket per task and
/// allocated ~94 bytes per task growing to 10,000 tasks (scenario B); an open-addressing table that
/// doubled ~39, its last arrays on the large-object heap (perf-reports/2026-12-05-task-handles.md).
/// Hashes are the runtime's randomized string hashes: task ids come from frameworks, and a
/// predictable hash would let one of them make every lookup in its table slow. Each record keeps
/// its own (<see cref="TaskRecord.BucketHash"/>), so a lookup reads an id only when the hash
/// matches and a split hashes no id again: without them, adding 1.2M tasks to one table took about
/// twice as long.
/// Invariants: buckets 0 … (1 &lt;&lt; <see cref="_level"/>) + <see cref="_split"/> − 1 are in
/// use, and a task whose id hashes to h is in the chain of bucket h mod 2^level, or of
/// h mod 2^(level + 1) when that is below the split; every listed record is in exactly one chain;
/// <see cref="Count"/> ≤ the buckets in use; <see cref="_first"/>…<see cref="_last"/> link exactly
/// the <see cref="Count"/> records of the table; a record in no table has no links.
/// </summary>
internal sealed class TaskTable
{
    private const int FirstLevel = 3;   // 8 buckets to start with
    private SegmentedColumn<TaskRecord?> _buckets = NewBuckets();
    private int _level = FirstLevel;
    private int _split;   // the next bucket to split
    private TaskRecord? _first;
    private TaskRecord? _last;

    public int Count { get; private set; }

    /// <summary>The tasks in the order they came.</summary>
    public TaskTableView Values => new(this);

    internal TaskRecord? First => _first;

    public bool ContainsKey(string taskId) => FindLink(taskId, Hash(taskId)) is not null;

    public bool TryGetValue(string taskId, [MaybeNullWhen(false)] out TaskRecord task)
    {
        task = FindLink(taskId, Hash(taskId));
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
        if (task.PrevInFramework is not null || task.NextInFramework is not null || task.NextInBucket is not null || _first == task)
            ThrowHelper.ThrowEngine($"task '{task.TaskId}' is already in a framework's table");
        int hash = Hash(task.TaskId);
        ref TaskRecord? link = ref FindLink(task.TaskId, hash);
        task.BucketHash = hash;
        if (link is { } old)
        {
            // The replacement takes the old record's place in its chain and in the order.
            task.NextInBucket = old.NextInBucket;
            old.NextInBucket = null;
            link = task;
            Replace(old, task);
            return old;
        }

        link = task;   // the end of its bucket's chain
        Append(task);
        if (++Count > BucketsInUse)
            Split();
        return null;
    }

    public bool Remove(string taskId) => Remove(taskId, out _);

    public bool Remove(string taskId, [MaybeNullWhen(false)] out TaskRecord task)
    {
        ref TaskRecord? link = ref FindLink(taskId, Hash(taskId));
        task = link;
        if (task is null)
            return false;
        link = task.NextInBucket;
        task.NextInBucket = null;
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
            task.PrevInFramework = task.NextInFramework = task.NextInBucket = null;
            task = next;
        }

        _first = _last = null;
        _buckets = NewBuckets();
        _level = FirstLevel;
        _split = 0;
        Count = 0;
    }

    private static SegmentedColumn<TaskRecord?> NewBuckets()
    {
        var buckets = new SegmentedColumn<TaskRecord?>();
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

    /// <summary>The link that holds the task with this id (a bucket, or the chain's record before it), or, when none has the id, the null link that ends its bucket's chain.</summary>
    private ref TaskRecord? FindLink(string taskId, int hash)
    {
        ref TaskRecord? link = ref _buckets[BucketOf(hash)];
        while (link is { } task && (task.BucketHash != hash || !string.Equals(task.TaskId, taskId, StringComparison.Ordinal)))
            link = ref task.NextInBucketLink;
        return ref link;
    }

    /// <summary>Adds one bucket: the chain of bucket <see cref="_split"/> divides between it and the new one.</summary>
    private void Split()
    {
        int from = _split, to = from + (1 << _level);
        _buckets.EnsureCapacity(to + 1);
        uint mask = (2u << _level) - 1;
        TaskRecord? stay = null, move = null;
        for (TaskRecord? task = _buckets[from]; task is not null;)
        {
            TaskRecord? next = task.NextInBucket;
            if (((uint)task.BucketHash & mask) == (uint)to)
            {
                task.NextInBucket = move;
                move = task;
            }
            else
            {
                task.NextInBucket = stay;
                stay = task;
            }

            task = next;
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
