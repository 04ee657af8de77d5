using System.Collections;
using FastMesos.Messages;

namespace FastMesos.Engine.Master;

/// <summary>
/// A framework's newest completed tasks, oldest first, at most <see cref="Capacity"/> (Mesos'
/// <c>--max_completed_tasks_per_framework</c>): a ring whose newest entry overwrites its oldest.
/// A task the master tracked to its end enters as its record. A completed task an agent reports
/// when it re-registers enters as the report and becomes a record only when the history is read:
/// a failover brings every agent's history at once (100 per agent in Mesos' D-10k-100k-1M, a
/// million in all), and all but the newest thousand per framework are overwritten before anyone
/// reads them. Built on arrival, each was a <see cref="TaskRecord"/> (136 bytes, and its labels'
/// extras) made only to be dropped (perf-reports/2026-12-07-recovery-room-and-phase-figures/).
/// Mutated and read by <see cref="MasterCore"/>'s callers under its lock only, like the rest of it.
/// Invariant: the entries at ring positions <c>_start .. _start + _count</c> (wrapping) each hold a
/// record or a report; while fewer than <see cref="Capacity"/>, <c>_start</c> is 0.
/// </summary>
public sealed class CompletedTaskHistory : IEnumerable<TaskRecord>
{
    private readonly string _frameworkId;
    private Entry[] _ring = [];
    private int _start;
    private int _count;

    internal CompletedTaskHistory(string frameworkId, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _frameworkId = frameworkId;
        Capacity = capacity;
    }

    /// <summary>The most tasks kept.</summary>
    public int Capacity { get; }

    public int Count => _count;

    /// <summary>Appends a task the master saw complete; the oldest one leaves when the history is full.</summary>
    internal void Add(TaskRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Push(new Entry { Record = record });
    }

    /// <summary>
    /// Appends a completed task <paramref name="agentId"/> reported, charged to <paramref name="role"/>,
    /// seen in its terminal state at <paramref name="timestamp"/>; its record is built when first read.
    /// </summary>
    internal void AddReported(LaunchedTask task, string agentId, string role, double timestamp)
    {
        ArgumentNullException.ThrowIfNull(task);
        Push(new Entry { Reported = task, AgentId = agentId, Role = role, Timestamp = timestamp });
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<TaskRecord> IEnumerable<TaskRecord>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Push(in Entry entry)
    {
        if (Capacity == 0)
            return;
        if (_count < Capacity)
        {
            if (_count == _ring.Length)
                Array.Resize(ref _ring, Math.Min(Capacity, Math.Max(8, _ring.Length * 2)));
            _ring[_count++] = entry;
            return;
        }

        // Full: the ring's length is Capacity, and the oldest entry gives way.
        _ring[_start] = entry;
        _start = _start + 1 == _ring.Length ? 0 : _start + 1;
    }

    /// <summary>The record at position <paramref name="index"/> (0 is the oldest), built from its report the first time.</summary>
    private TaskRecord At(int index)
    {
        int slot = _start + index;
        if (slot >= _ring.Length)
            slot -= _ring.Length;
        ref Entry entry = ref _ring[slot];
        if (entry.Record is { } record)
            return record;
        LaunchedTask task = entry.Reported!;
        record = new TaskRecord(task.TaskId, task.Name, task.Resources, task.ExecutorId?.Value,
            task.ExecutorId is null ? null : Resources.Empty, killPolicy: null, task.Labels, _frameworkId, entry.AgentId!, entry.Role!);
        record.AddStatus(task.State, entry.Timestamp);
        record.State = task.State;
        entry = new Entry { Record = record };
        return record;
    }

    /// <summary>Walks the history oldest first without allocating; the history must not change meanwhile.</summary>
    public struct Enumerator : IEnumerator<TaskRecord>
    {
        private readonly CompletedTaskHistory _history;
        private int _index;

        internal Enumerator(CompletedTaskHistory history)
        {
            _history = history;
            _index = -1;
            Current = null!;
        }

        public TaskRecord Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_index + 1 >= _history._count)
                return false;
            Current = _history.At(++_index);
            return true;
        }

        public void Reset()
        {
            _index = -1;
            Current = null!;
        }

        public readonly void Dispose()
        {
        }
    }

    private struct Entry
    {
        public TaskRecord? Record;
        public LaunchedTask? Reported;
        public string? AgentId;
        public string? Role;
        public double Timestamp;
    }
}
